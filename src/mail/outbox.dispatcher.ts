import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { MailProvider } from './mail-provider';
import { OutboxRepository } from './outbox.repository';

const BATCH = 20;
const LEASE_MS = 5 * 60_000;
const MAX_BACKOFF_MS = 30 * 60_000;

/** Sends due outbox messages on an interval, retrying with exponential backoff. */
@Injectable()
export class OutboxDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly provider: MailProvider,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.dispatchDue().catch((e: unknown) => this.logger.error({ err: e }, 'outbox dispatch failed')), this.config.MAIL_DISPATCH_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass over due messages; returns how many were sent. Runs one pass at a time per process. */
  dispatchDue(): Promise<number> {
    if (!this.running) {
      this.running = this.pass().finally(() => (this.running = undefined));
    }
    return this.running;
  }

  private async pass(): Promise<number> {
    let sent = 0;
    for (;;) {
      const due = await this.outbox.claimDue(BATCH, LEASE_MS);
      for (const message of due) {
        try {
          const providerId = await this.provider.send({
            idempotencyKey: `outbox-${message.id}`,
            to: message.toAddress,
            subject: message.subject,
            html: message.html,
            text: message.text,
          });
          await this.outbox.markSent(message.id, providerId);
          sent++;
        } catch (e) {
          const error = (e instanceof Error ? e.message : String(e)).slice(0, 500);
          const giveUp = message.attempts >= this.config.MAIL_MAX_ATTEMPTS;
          const backoff = Math.min(MAX_BACKOFF_MS, this.config.MAIL_DISPATCH_INTERVAL_MS * 2 ** (message.attempts - 1));
          await this.outbox.markFailedAttempt(message.id, error, giveUp ? null : new Date(Date.now() + backoff));
          this.logger.warn({ outbox_id: message.id, attempts: message.attempts, gave_up: giveUp, error }, 'mail send failed');
        }
      }
      if (due.length < BATCH) return sent;
    }
  }
}
