import { Module } from '@nestjs/common';
import { QuestionsController } from '../questions/questions.controller';
import { QuestionsService } from '../questions/questions.service';
import { JobsController } from './jobs.controller';
import { JobsRepository } from './jobs.repository';
import { JobsService } from './jobs.service';

@Module({
  controllers: [JobsController, QuestionsController],
  providers: [JobsService, JobsRepository, QuestionsService],
  exports: [JobsService, QuestionsService],
})
export class JobsModule {}
