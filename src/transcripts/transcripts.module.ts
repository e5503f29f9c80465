import { Module } from '@nestjs/common';
import { InterviewsModule } from '../interviews/interviews.module';
import { TranscriptsController } from './transcripts.controller';
import { TranscriptsRepository } from './transcripts.repository';
import { TranscriptsService } from './transcripts.service';

@Module({ imports: [InterviewsModule], controllers: [TranscriptsController], providers: [TranscriptsService, TranscriptsRepository], exports: [TranscriptsService] })
export class TranscriptsModule {}
