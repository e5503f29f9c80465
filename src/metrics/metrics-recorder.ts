import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { WriteBuffer } from '../common/write-buffer';
import { AppConfig } from '../config/app-config';
import { NewSample, RequestCountDelta, SystemRepository } from '../database/system.repository';
import { Prometheus } from './prometheus';

/** Rows per statement: well under PostgreSQL's 65,535 bind parameters (8 per sample, 5 per counter row). */
const BATCH = 1000;
const MAX_RETRY_DELAY_MS = 10_000;

const countKey = (tenantId: number, minute: Date, status: number, code: string): string => `${tenantId}|${minute.getTime()}|${status}|${code}`;

/** One row per counter, counts added; an upsert must not name the same row twice. */
function mergeCounts(deltas: RequestCountDelta[]): RequestCountDelta[] {
  const merged = new Map<string, RequestCountDelta>();
  for (const d of deltas) {
    const key = countKey(d.tenantId, d.minute, d.status, d.code);
    const into = merged.get(key);
    if (into) into.count += d.count;
    else merged.set(key, { ...d });
  }
  return [...merged.values()];
}

/**
 * Buffers latency samples and request counters and writes them in batches, so recording adds no
 * database round trip to a request. Flushed on an interval and at shutdown (after in-flight requests
 * have finished). Batches the database refuses stay queued and are retried with backoff, up to
 * METRICS_BUFFER_MAX samples and as many counter rows; past it the oldest are dropped.
 */
@Injectable()
export class MetricsRecorder implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly samples: WriteBuffer<NewSample>;
  /** Counters of the current interval, merged per tenant, minute, status and code; moved to `counters` on each flush. */
  private counts = new Map<string, RequestCountDelta>();
  private readonly counters: WriteBuffer<RequestCountDelta>;
  private timer?: NodeJS.Timeout;

  constructor(
    system: SystemRepository,
    private readonly config: AppConfig,
    prometheus: Prometheus,
  ) {
    const logger = new Logger('Metrics');
    const common = { max: config.METRICS_BUFFER_MAX, batchSize: BATCH, retryDelayMs: config.METRICS_FLUSH_INTERVAL_MS, maxRetryDelayMs: MAX_RETRY_DELAY_MS, logger };
    this.samples = new WriteBuffer<NewSample>({
      ...common,
      name: 'metric_samples',
      store: (rows) => system.insertMetricSamples(rows),
      ...prometheus.trackWriteBuffer('metric_samples', () => this.samples.size),
    });
    this.counters = new WriteBuffer<RequestCountDelta>({
      ...common,
      name: 'request_counts',
      store: (rows) => system.addRequestCounts(mergeCounts(rows)),
      coalesce: mergeCounts,
      ...prometheus.trackWriteBuffer('request_counts', () => this.counters.size + this.counts.size),
    });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.moveCounts();
      void this.samples.flushIfDue();
      void this.counters.flushIfDue();
    }, this.config.METRICS_FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.moveCounts();
    await Promise.all([this.samples.close(), this.counters.close()]);
  }

  record(sample: NewSample): void {
    this.samples.push(sample);
  }

  countRequest(tenantId: number, status: number, code: string, at = new Date()): void {
    const minute = new Date(Math.floor(at.getTime() / 60_000) * 60_000);
    const key = countKey(tenantId, minute, status, code);
    const current = this.counts.get(key);
    if (current) current.count++;
    else if (this.counts.size < this.config.METRICS_BUFFER_MAX) this.counts.set(key, { tenantId, minute, status, code, count: 1 });
    else this.counters.discard(1);
  }

  /** Rows waiting to be written: latency samples and request-counter rows. */
  get pending(): { samples: number; counters: number } {
    return { samples: this.samples.size, counters: this.counters.size + this.counts.size };
  }

  /** Writes what is buffered now; resolves once stored, or once a failure has left the rows queued. */
  async flush(): Promise<void> {
    this.moveCounts();
    await Promise.all([this.samples.flush(), this.counters.flush()]);
  }

  private moveCounts(): void {
    if (!this.counts.size) return;
    for (const delta of this.counts.values()) this.counters.push(delta);
    this.counts = new Map();
  }
}
