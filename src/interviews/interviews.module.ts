import { Global, Module } from '@nestjs/common';
import { InterviewEvents } from './interview-events';
import { InterviewsController } from './interviews.controller';
import { InterviewsRepository } from './interviews.repository';
import { InterviewsService } from './interviews.service';

@Global()
@Module({ controllers: [InterviewsController], providers: [InterviewsService, InterviewsRepository, InterviewEvents], exports: [InterviewsService, InterviewsRepository, InterviewEvents] })
export class InterviewsModule {}
