import { applyDecorators, CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata, UseInterceptors } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Observable, tap } from 'rxjs';
import { RequestContext } from '../common/http/request-context';
import { SampleKind } from './metric-sample.entity';
import { MetricsRecorder } from './metrics-recorder';
import { Prometheus } from './prometheus';

const LATENCY_KEY = 'hirevision:latency';

interface LatencyTarget {
  kind: SampleKind;
  operation: string;
}

/**
 * Records this handler's duration and outcome as a latency sample of `kind` (upload or analysis). The
 * interceptor is bound to these few handlers only, so other requests do not pay for its pipeline.
 */
export const RecordLatency = (kind: SampleKind, operation: string) =>
  applyDecorators(SetMetadata(LATENCY_KEY, { kind, operation } satisfies LatencyTarget), UseInterceptors(LatencyInterceptor));

@Injectable()
export class LatencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly recorder: MetricsRecorder,
    private readonly prometheus: Prometheus,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const target = this.reflector.get<LatencyTarget | undefined>(LATENCY_KEY, context.getHandler());
    if (!target) return next.handle();
    const started = performance.now();
    const done = (success: boolean) => {
      const seconds = (performance.now() - started) / 1000;
      const outcome = success ? 'success' : 'failure';
      if (target.kind === 'upload') this.prometheus.uploadDuration.observe({ operation: target.operation, outcome }, seconds);
      else this.prometheus.analysisDuration.observe({ outcome }, seconds);
      const state = RequestContext.current();
      if (state?.tenantId === undefined) return;
      this.recorder.record({
        tenantId: state.tenantId,
        kind: target.kind,
        source: 'server',
        operation: target.operation,
        durationMs: Math.round(seconds * 1000),
        success,
        interviewId: null,
      });
    };
    return next.handle().pipe(tap({ next: () => done(true), error: () => done(false) }));
  }
}
