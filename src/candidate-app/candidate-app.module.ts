import { Module } from '@nestjs/common';
import { CandidateAppController } from './candidate-app.controller';
import { CandidateAppService } from './candidate-app.service';

@Module({ controllers: [CandidateAppController], providers: [CandidateAppService] })
export class CandidateAppModule {}
