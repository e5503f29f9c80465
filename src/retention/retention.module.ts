import { Module } from '@nestjs/common';
import { CandidatesModule } from '../candidates/candidates.module';
import { RetentionController } from './retention.controller';
import { RetentionRepository } from './retention.repository';
import { RetentionService } from './retention.service';

@Module({ imports: [CandidatesModule], controllers: [RetentionController], providers: [RetentionService, RetentionRepository], exports: [RetentionService] })
export class RetentionModule {}
