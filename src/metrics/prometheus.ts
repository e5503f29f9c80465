import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { RouteDurationHistogram } from './route-duration-histogram';

/** The process's Prometheus metrics (one registry per application instance). */
@Injectable()
export class Prometheus {
  readonly registry = new Registry();

  readonly httpDuration = new RouteDurationHistogram(
    'http_request_duration_seconds',
    'HTTP request duration by method, route template and status',
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    [this.registry],
  );

  readonly uploadDuration = new Histogram({
    name: 'hirevision_upload_duration_seconds',
    help: 'Upload latency: presign and dev-upload requests (server) and uploads reported by clients',
    labelNames: ['operation', 'outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });

  readonly analysisDuration = new Histogram({
    name: 'hirevision_analysis_duration_seconds',
    help: 'Analysis run latency',
    labelNames: ['outcome'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2],
    registers: [this.registry],
  });

  private readonly bufferSizes = new Map<string, () => number>();

  /** Read at scrape time from the buffers themselves: nothing is updated on the request path. */
  readonly writeBufferRows = new Gauge({
    name: 'hirevision_write_buffer_rows',
    help: 'Rows held in memory waiting to be written (access logs, latency samples, request counters)',
    labelNames: ['buffer'] as const,
    registers: [this.registry],
    collect: () => {
      for (const [buffer, size] of this.bufferSizes) this.writeBufferRows.set({ buffer }, size());
    },
  });

  readonly writeBufferDropped = new Counter({
    name: 'hirevision_write_buffer_dropped_total',
    help: 'Rows dropped, oldest first, because their write buffer was full (the database failed or fell behind)',
    labelNames: ['buffer'] as const,
    registers: [this.registry],
  });

  readonly writeBufferFailures = new Counter({
    name: 'hirevision_write_buffer_failures_total',
    help: 'Batch writes the database refused (the rows stay queued and are retried)',
    labelNames: ['buffer'] as const,
    registers: [this.registry],
  });

  /** Reports a write buffer in the three series above; answers the callbacks the buffer calls. */
  trackWriteBuffer(buffer: string, size: () => number): { onDropped: (rows: number) => void; onStoreFailed: () => void } {
    this.bufferSizes.set(buffer, size);
    // Present from the start at 0, so rate() and alerts see the series before the first incident.
    this.writeBufferDropped.inc({ buffer }, 0);
    this.writeBufferFailures.inc({ buffer }, 0);
    return {
      onDropped: (rows) => this.writeBufferDropped.inc({ buffer }, rows),
      onStoreFailed: () => this.writeBufferFailures.inc({ buffer }),
    };
  }

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
