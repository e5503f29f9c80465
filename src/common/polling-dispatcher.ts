import { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';

export interface DispatchItem {
  id: number;
  /** Attempts so far, this one included (the claim counts it). */
  attempts: number;
}

export interface RetryPolicy {
  intervalMs: number;
  maxAttempts: number;
}

const BATCH = 20;
const MAX_BACKOFF_MS = 30 * 60_000;

/**
 * Sends due rows of a durable queue (outbox e-mails, webhook deliveries) on an interval: claim a
 * batch, deliver each, mark it sent or schedule a retry with exponential backoff (interval × 2^n),
 * and give up after `maxAttempts`. One pass at a time per process; claims keep instances apart.
 */
export abstract class PollingDispatcher<T extends DispatchItem> implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected abstract readonly logger: Logger;
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private again = false;
  protected stopping = false;

  protected abstract policy(): RetryPolicy;
  protected abstract claim(limit: number): Promise<T[]>;
  /** Resolves with a provider reference when delivered; rejects with the reason otherwise. */
  protected abstract deliver(item: T): Promise<string>;
  protected abstract markSent(item: T, reference: string): Promise<void>;
  protected abstract markFailed(item: T, error: string, retryAt: Date | null): Promise<void>;

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () => void this.dispatchDue().catch((e: unknown) => this.logger.error({ err: e }, 'dispatch pass failed')),
      this.policy().intervalMs,
    );
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /**
   * A pass over due items; returns how many were delivered. Called while a pass runs, it runs one more
   * after it (an item queued meanwhile may have been missed by that pass's claim). Nothing once shutdown
   * has begun (the rows wait).
   */
  dispatchDue(): Promise<number> {
    if (this.stopping) return Promise.resolve(0);
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.passes().finally(() => (this.running = undefined));
    return this.running;
  }

  private async passes(): Promise<number> {
    let delivered = 0;
    do {
      this.again = false;
      delivered += await this.pass();
    } while (this.again && !this.stopping);
    return delivered;
  }

  private async pass(): Promise<number> {
    let delivered = 0;
    for (;;) {
      const due = await this.claim(BATCH);
      delivered += await this.deliverEach(due);
      if (due.length < BATCH) return delivered;
    }
  }

  /** Attempts before an item is given up. */
  protected maxAttempts(_item: T): number {
    return this.policy().maxAttempts;
  }

  /** Delivers claimed items one by one: sent, or a retry scheduled with backoff, or given up. */
  protected async deliverEach(items: T[]): Promise<number> {
    const { intervalMs } = this.policy();
    let delivered = 0;
    for (const item of items) {
      try {
        await this.markSent(item, await this.deliver(item));
        delivered++;
      } catch (e) {
        const error = (e instanceof Error ? e.message : String(e)).slice(0, 500);
        const giveUp = item.attempts >= this.maxAttempts(item);
        const backoff = Math.min(MAX_BACKOFF_MS, intervalMs * 2 ** (item.attempts - 1));
        await this.markFailed(item, error, giveUp ? null : new Date(Date.now() + backoff));
        this.logger.warn({ id: item.id, attempts: item.attempts, gave_up: giveUp, error }, 'delivery failed');
      }
    }
    return delivered;
  }
}
