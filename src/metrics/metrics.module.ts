import { Global, Module } from '@nestjs/common';
import { InterviewsModule } from '../interviews/interviews.module';
import { InvitesModule } from '../invites/invites.module';
import { MetricSamplesRepository } from './metric-samples.repository';
import { MetricsRecorder } from './metrics-recorder';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { Prometheus } from './prometheus';
import { PrometheusController } from './prometheus.controller';
import { TenantMetricsController } from './tenant-metrics.controller';

/** Observability every feature records into (latency samples, Prometheus), so it is global; it exports no repository. */
@Global()
@Module({
  imports: [InvitesModule, InterviewsModule],
  controllers: [MetricsController, TenantMetricsController, PrometheusController],
  providers: [MetricsService, MetricSamplesRepository, MetricsRecorder, Prometheus],
  exports: [MetricsRecorder, Prometheus],
})
export class MetricsModule {}
