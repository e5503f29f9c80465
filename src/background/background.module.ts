import { Global, Module } from '@nestjs/common';
import { BackgroundJobs } from './background-jobs';

/** Durable background jobs: infrastructure every feature may enqueue into and register handlers with. */
@Global()
@Module({ providers: [BackgroundJobs], exports: [BackgroundJobs] })
export class BackgroundModule {}
