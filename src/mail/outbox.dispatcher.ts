import { Inject, Injectable, Logger } from '@nestjs/common';
import { SecretBox } from '../common/secret-box';
import { PollingDispatcher, RetryPolicy } from '../common/polling-dispatcher';
import { AppConfig } from '../config/app-config';
import { MailProvider } from './mail-provider';
import { OutboxMessage } from './outbox-message.entity';
import { withActionUrl } from './mail.service';
import { OUTBOX_BOX, OutboxRepository } from './outbox.repository';

/** A claimed message is leased this long: a crash mid-send means a retry after it, never a loss. */
const LEASE_MS = 5 * 60_000;

/** Sends due outbox e-mails through the configured provider, with retries. */
@Injectable()
export class OutboxDispatcher extends PollingDispatcher<OutboxMessage> {
  protected readonly logger = new Logger('Outbox');

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly provider: MailProvider,
    private readonly config: AppConfig,
    @Inject(OUTBOX_BOX) private readonly box: SecretBox,
  ) {
    super();
  }

  protected policy(): RetryPolicy {
    return { intervalMs: this.config.MAIL_DISPATCH_INTERVAL_MS, maxAttempts: this.config.MAIL_MAX_ATTEMPTS };
  }

  protected claim(limit: number): Promise<OutboxMessage[]> {
    return this.outbox.claimDue(limit, LEASE_MS);
  }

  protected async deliver(message: OutboxMessage): Promise<string> {
    let body = { html: message.html, text: message.text };
    if (message.sealedAction !== null) {
      const url = this.box.open(message.sealedAction);
      // Sealed under another JWT_SECRET (rotated, or a development process that made its own): the link is gone.
      if (url === null) throw new Error('The link of this message cannot be unsealed (the secret changed since it was queued)');
      body = withActionUrl(body, url);
    }
    return this.provider.send({ idempotencyKey: `outbox-${message.id}`, to: message.toAddress, subject: message.subject, ...body });
  }

  protected markSent(message: OutboxMessage, providerMessageId: string): Promise<void> {
    return this.outbox.markSent(message.id, providerMessageId);
  }

  protected markFailed(message: OutboxMessage, error: string, retryAt: Date | null): Promise<void> {
    return this.outbox.markFailedAttempt(message.id, error, retryAt);
  }
}
