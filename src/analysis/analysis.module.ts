import { Global, Module } from '@nestjs/common';
import { AnalysesRepository } from './analyses.repository';
import { AnalysisController } from './analysis.controller';
import { AnalysisService } from './analysis.service';

@Global()
@Module({ controllers: [AnalysisController], providers: [AnalysisService, AnalysesRepository], exports: [AnalysesRepository] })
export class AnalysisModule {}
