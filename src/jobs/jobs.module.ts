import { Global, Module } from '@nestjs/common';
import { QuestionsController } from '../questions/questions.controller';
import { QuestionsService } from '../questions/questions.service';
import { JobsController } from './jobs.controller';
import { JobsRepository } from './jobs.repository';
import { JobsService } from './jobs.service';

@Global()
@Module({
  controllers: [JobsController, QuestionsController],
  providers: [JobsService, JobsRepository, QuestionsService],
  exports: [JobsService, JobsRepository, QuestionsService],
})
export class JobsModule {}
