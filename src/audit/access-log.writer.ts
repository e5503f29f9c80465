import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AccessLogsRepository, NewAccessLog } from './access-logs.repository';

const FLUSH_INTERVAL_MS = 1000;
const BATCH = 500;
const MAX_BUFFERED = 100_000;

/**
 * Buffers access-log rows and inserts them in batches, off the request path. Flushed every second,
 * when a batch fills, and before shutdown, so a graceful stop loses none.
 */
@Injectable()
export class AccessLogWriter implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AccessLog');
  private buffer: NewAccessLog[] = [];
  private timer?: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();
  private dropped = 0;

  constructor(private readonly repo: AccessLogsRepository) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  write(row: NewAccessLog): void {
    if (this.buffer.length >= MAX_BUFFERED) {
      this.dropped++;
      return;
    }
    this.buffer.push(row);
    if (this.buffer.length >= BATCH) void this.flush();
  }

  flush(): Promise<void> {
    this.writing = this.writing.then(async () => {
      while (this.buffer.length) {
        const batch = this.buffer.splice(0, BATCH);
        try {
          await this.repo.insertMany(batch);
        } catch (e) {
          this.logger.error({ err: e, rows: batch.length }, 'could not store access logs; they are dropped');
        }
      }
      if (this.dropped) {
        this.logger.error({ rows: this.dropped }, 'access logs dropped: buffer full');
        this.dropped = 0;
      }
    });
    return this.writing;
  }
}
