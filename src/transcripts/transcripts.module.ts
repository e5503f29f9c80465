import { Global, Module } from '@nestjs/common';
import { TranscriptsController } from './transcripts.controller';
import { TranscriptsRepository } from './transcripts.repository';
import { TranscriptsService } from './transcripts.service';

@Global()
@Module({ controllers: [TranscriptsController], providers: [TranscriptsService, TranscriptsRepository], exports: [TranscriptsRepository] })
export class TranscriptsModule {}
