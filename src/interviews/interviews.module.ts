import { Module } from '@nestjs/common';
import { CandidatesModule } from '../candidates/candidates.module';
import { InterviewsController } from './interviews.controller';
import { InterviewsRepository } from './interviews.repository';
import { InterviewsService } from './interviews.service';

@Module({ imports: [CandidatesModule], controllers: [InterviewsController], providers: [InterviewsService, InterviewsRepository], exports: [InterviewsService] })
export class InterviewsModule {}
