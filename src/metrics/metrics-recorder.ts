import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { MetricSamplesRepository, NewSample, RequestCountDelta } from './metric-samples.repository';

/** Past this many buffered items a failing database stops the buffer from growing: newest are dropped. */
const MAX_BUFFERED = 50_000;

/**
 * Buffers latency samples and request counters and writes them in batches, so recording adds no
 * database round trip to a request. Flushed on an interval and before shutdown.
 */
@Injectable()
export class MetricsRecorder implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private samples: NewSample[] = [];
  private counts = new Map<string, RequestCountDelta>();
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly repo: MetricSamplesRepository,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.flush(), this.config.METRICS_FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  record(sample: NewSample): void {
    if (this.samples.length < MAX_BUFFERED) this.samples.push(sample);
  }

  countRequest(tenantId: number, status: number, code: string, at = new Date()): void {
    const minute = new Date(Math.floor(at.getTime() / 60_000) * 60_000);
    const key = `${tenantId}|${minute.getTime()}|${status}|${code}`;
    const current = this.counts.get(key);
    if (current) current.count++;
    else if (this.counts.size < MAX_BUFFERED) this.counts.set(key, { tenantId, minute, status, code, count: 1 });
  }

  /** Writes what is buffered; one flush at a time. Resolves when this call's data is stored (or logged as lost). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.write());
    return this.flushing;
  }

  private async write(): Promise<void> {
    const samples = this.samples;
    const counts = [...this.counts.values()];
    this.samples = [];
    this.counts = new Map();
    try {
      await this.repo.insertMany(samples);
      await this.repo.addRequestCounts(counts);
    } catch (e) {
      this.logger.error({ err: e, samples: samples.length, counters: counts.length }, 'could not store metrics; they are dropped');
    }
  }
}
