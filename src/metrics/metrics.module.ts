import { Global, Module } from '@nestjs/common';
import { MetricSamplesRepository } from './metric-samples.repository';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

@Global()
@Module({ controllers: [MetricsController], providers: [MetricsService, MetricSamplesRepository], exports: [MetricSamplesRepository] })
export class MetricsModule {}
