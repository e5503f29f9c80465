import { setTimeout as sleep } from 'node:timers/promises';
import type { LoggerService } from '@nestjs/common';

export interface WriteBufferOptions<T> {
  /** The table the rows go to; names the buffer in logs and in the Prometheus label. */
  name: string;
  /** Most rows held; past it the oldest are dropped. */
  max: number;
  /** Rows per store call. */
  batchSize: number;
  /** Wait after a failed store before the scheduled flushes try again; doubles per failure up to maxRetryDelayMs. */
  retryDelayMs: number;
  maxRetryDelayMs: number;
  /** Writes one batch; a rejection keeps the batch queued for the next attempt. */
  store: (rows: T[]) => Promise<void>;
  /** Merges rows that may be written as one (counters), applied when a failed batch is queued again. */
  coalesce?: (rows: T[]) => T[];
  logger: Pick<LoggerService, 'log' | 'error'>;
  onDropped?: (rows: number) => void;
  onStoreFailed?: () => void;
  now?: () => number;
}

/**
 * Rows waiting for the database, oldest first. Adding one is an array push (no I/O on the request path);
 * `flush()` writes them in batches. A batch the database refuses goes back to the front and is retried
 * by the next flush, with a doubling delay between scheduled attempts; past `max` rows the oldest are
 * dropped. Each failure episode is logged when it starts and when the database takes rows again, each
 * overflow episode when it starts and, with the count of rows dropped, when it ends. Delivery is at least
 * once: a batch whose commit succeeded but whose answer was lost is written again.
 */
export class WriteBuffer<T> {
  private rows: T[] = [];
  private inFlight = 0;
  private running?: Promise<void>;
  private queued?: Promise<void>;
  private failures = 0;
  private retryAt = 0;
  private dropped = 0;
  private readonly now: () => number;

  constructor(private readonly options: WriteBufferOptions<T>) {
    this.now = options.now ?? Date.now;
  }

  /** Rows waiting, including a batch being written. */
  get size(): number {
    return this.rows.length + this.inFlight;
  }

  /** Queues a row; past the bound the oldest queued row is dropped. Starts a flush when a batch is full. */
  push(row: T): void {
    if (this.rows.length >= this.options.max) {
      this.rows.shift();
      this.drop(1);
    }
    this.rows.push(row);
    if (this.rows.length >= this.options.batchSize && !this.running && this.now() >= this.retryAt) void this.flush();
  }

  /** Counts rows refused before they were queued (a bounded staging area in front of the buffer was full). */
  discard(rows: number): void {
    this.drop(rows);
  }

  /** The scheduled flush: skipped while a failed store's retry delay runs. */
  flushIfDue(): Promise<void> | undefined {
    if (!this.rows.length || this.now() < this.retryAt) return undefined;
    return this.flush();
  }

  /**
   * Writes everything queued now, whatever the retry delay (tests and shutdown call it). One flush runs at
   * a time; a call during one runs after it, so it covers rows queued meanwhile. Never rejects: a failure
   * leaves the rows queued.
   */
  flush(): Promise<void> {
    if (!this.running) return this.start();
    this.queued ??= this.running.then(() => {
      this.queued = undefined;
      return this.flush();
    });
    return this.queued;
  }

  /**
   * The last flush before shutdown: retried for at most `withinMs`, then whatever is still queued is
   * reported lost, as are rows dropped in an episode that has not been reported yet.
   */
  async close(withinMs = 3000): Promise<void> {
    const until = this.now() + withinMs;
    let delay = 100;
    await this.flush();
    while (this.rows.length) {
      // Rows queued during the last flush are written at once; after a failure, with a doubling delay.
      if (this.failures) {
        if (this.now() + delay > until) break;
        await sleep(delay);
        delay *= 2;
      } else if (this.now() > until) break;
      await this.flush();
    }
    if (this.rows.length) {
      this.options.logger.error({ rows: this.rows.length }, `${this.options.name}: ${this.rows.length} rows could not be written before shutdown and are lost`);
      this.rows = [];
    }
    this.endOverflow();
  }

  private start(): Promise<void> {
    const run = this.drain().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  /**
   * Writes the rows queued when the flush began, then only full batches. Rows that arrive while it
   * writes wait for the next flush: under a steady trickle of requests a flush that also took those would
   * never end, and would write a statement per request instead of one batch per interval.
   */
  private async drain(): Promise<void> {
    let owed = this.rows.length;
    while (this.rows.length && (owed > 0 || this.rows.length >= this.options.batchSize)) {
      const batch = this.rows.splice(0, this.options.batchSize);
      owed -= batch.length;
      this.inFlight = batch.length;
      try {
        await this.options.store(batch);
      } catch (err) {
        this.inFlight = 0;
        this.requeue(batch, err);
        return;
      }
      this.inFlight = 0;
      if (this.failures) {
        this.options.logger.log(
          { failed_attempts: this.failures, rows_waiting: this.rows.length },
          `${this.options.name}: the database takes rows again after ${this.failures} failed attempts`,
        );
        this.failures = 0;
        this.retryAt = 0;
      }
    }
    this.endOverflow();
  }

  private requeue(batch: T[], err: unknown): void {
    const { name, max, retryDelayMs, maxRetryDelayMs, coalesce, logger } = this.options;
    const queued = batch.concat(this.rows);
    this.rows = coalesce ? coalesce(queued) : queued;
    const over = this.rows.length - max;
    if (over > 0) {
      this.rows.splice(0, over);
      this.drop(over);
    }
    this.failures++;
    this.retryAt = this.now() + Math.min(maxRetryDelayMs, retryDelayMs * 2 ** (this.failures - 1));
    this.options.onStoreFailed?.();
    if (this.failures === 1) {
      logger.error({ err, rows_waiting: this.rows.length }, `${name}: could not write rows; they stay queued and are retried with backoff`);
    }
  }

  private drop(rows: number): void {
    if (!this.dropped) {
      this.options.logger.error({ max: this.options.max }, `${this.options.name}: buffer full (${this.options.max} rows); dropping the oldest rows`);
    }
    this.dropped += rows;
    this.options.onDropped?.(rows);
  }

  private endOverflow(): void {
    if (!this.dropped) return;
    this.options.logger.error({ dropped: this.dropped }, `${this.options.name}: ${this.dropped} rows were dropped while the buffer was full`);
    this.dropped = 0;
  }
}
