import { Global, Module } from '@nestjs/common';
import { MetricSamplesRepository } from './metric-samples.repository';
import { MetricsRecorder } from './metrics-recorder';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { Prometheus } from './prometheus';
import { PrometheusController } from './prometheus.controller';
import { TenantMetricsController } from './tenant-metrics.controller';

@Global()
@Module({
  controllers: [MetricsController, TenantMetricsController, PrometheusController],
  providers: [MetricsService, MetricSamplesRepository, MetricsRecorder, Prometheus],
  exports: [MetricSamplesRepository, MetricsRecorder, Prometheus],
})
export class MetricsModule {}
