import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { WriteBuffer } from '../common/write-buffer';
import { AppConfig } from '../config/app-config';
import { Prometheus } from '../metrics/prometheus';
import { NewAccessLog, SystemRepository } from '../database/system.repository';

const FLUSH_INTERVAL_MS = 1000;
const BATCH = 500;
const MAX_RETRY_DELAY_MS = 10_000;

/**
 * Buffers access-log rows and inserts them in batches, off the request path. Flushed every second, when
 * a batch fills, and at shutdown after in-flight requests have finished (the HTTP server is drained
 * before the shutdown hooks run), so a graceful stop loses none. A batch the database refuses stays
 * queued and is retried with backoff, up to ACCESS_LOG_BUFFER_MAX rows (oldest dropped past it).
 */
@Injectable()
export class AccessLogWriter implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly buffer: WriteBuffer<NewAccessLog>;
  private timer?: NodeJS.Timeout;

  constructor(system: SystemRepository, config: AppConfig, prometheus: Prometheus) {
    this.buffer = new WriteBuffer<NewAccessLog>({
      name: 'access_logs',
      max: config.ACCESS_LOG_BUFFER_MAX,
      batchSize: BATCH,
      retryDelayMs: FLUSH_INTERVAL_MS,
      maxRetryDelayMs: MAX_RETRY_DELAY_MS,
      store: (rows) => system.insertAccessLogs(rows),
      logger: new Logger('AccessLog'),
      ...prometheus.trackWriteBuffer('access_logs', () => this.buffer.size),
    });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.buffer.flushIfDue(), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.buffer.close();
  }

  /** Rows waiting to be written. */
  get pending(): number {
    return this.buffer.size;
  }

  write(row: NewAccessLog): void {
    this.buffer.push(row);
  }

  /** Writes what is buffered now; resolves once stored, or once a failure has left the rows queued. */
  flush(): Promise<void> {
    return this.buffer.flush();
  }
}
