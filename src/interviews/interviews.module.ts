import { Global, Module } from '@nestjs/common';
import { InterviewsController } from './interviews.controller';
import { InterviewsRepository } from './interviews.repository';
import { InterviewsService } from './interviews.service';

@Global()
@Module({ controllers: [InterviewsController], providers: [InterviewsService, InterviewsRepository], exports: [InterviewsService, InterviewsRepository] })
export class InterviewsModule {}
