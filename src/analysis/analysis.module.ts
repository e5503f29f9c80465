import { Module } from '@nestjs/common';
import { ConversationModule } from '../conversation/conversation.module';
import { InterviewsModule } from '../interviews/interviews.module';
import { JobsModule } from '../jobs/jobs.module';
import { TranscriptsModule } from '../transcripts/transcripts.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { AnalysesRepository } from './analyses.repository';
import { WebhooksController } from './analysis-ready.controller';
import { AnalysisController } from './analysis.controller';
import { AnalysisService } from './analysis.service';

@Module({
  imports: [InterviewsModule, ConversationModule, TranscriptsModule, JobsModule, WebhooksModule],
  controllers: [AnalysisController, WebhooksController],
  providers: [AnalysisService, AnalysesRepository],
  exports: [AnalysisService],
})
export class AnalysisModule {}
