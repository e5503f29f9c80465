import { Inject, Injectable, Logger } from '@nestjs/common';
import { SecretBox } from '../common/secret-box';
import { PollingDispatcher, RetryPolicy } from '../common/polling-dispatcher';
import { AppConfig } from '../config/app-config';
import { MailProvider } from './mail-provider';
import { OutboxMessage } from './outbox-message.entity';
import { withActionUrl } from './mail.service';
import { OUTBOX_BOX } from './outbox.repository';
import { SystemRepository } from '../database/system.repository';

/** A claimed message is leased this long: a crash mid-send means a retry after it, never a loss. */
const LEASE_MS = 5 * 60_000;

/** Sends due outbox e-mails through the configured provider, with retries. */
@Injectable()
export class OutboxDispatcher extends PollingDispatcher<OutboxMessage> {
  protected readonly logger = new Logger('Outbox');

  constructor(
    private readonly system: SystemRepository,
    private readonly provider: MailProvider,
    private readonly config: AppConfig,
    @Inject(OUTBOX_BOX) private readonly box: SecretBox,
  ) {
    super();
  }

  protected policy(): RetryPolicy {
    return { intervalMs: this.config.MAIL_DISPATCH_INTERVAL_MS, maxAttempts: this.config.MAIL_MAX_ATTEMPTS };
  }

  /** Due messages of every organization, leased to this instance. */
  protected async claim(limit: number): Promise<OutboxMessage[]> {
    const rows = await this.system.claimDue('outbox_messages', ['to_address', 'subject', 'html', 'text', 'sealed_action'], limit, LEASE_MS);
    return rows.map((r) =>
      Object.assign(new OutboxMessage(), {
        id: Number(r.id),
        toAddress: String(r.to_address),
        subject: String(r.subject),
        html: String(r.html),
        text: String(r.text),
        sealedAction: r.sealed_action === null ? null : String(r.sealed_action),
        attempts: Number(r.attempts),
      }),
    );
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

  protected async markSent(message: OutboxMessage, providerMessageId: string): Promise<void> {
    await this.system.updateQueued('outbox_messages', message.id, {
      status: 'sent',
      sent_at: new Date(),
      provider_message_id: providerMessageId,
      last_error: null,
      sealed_action: null,
    });
  }

  protected async markFailed(message: OutboxMessage, error: string, retryAt: Date | null): Promise<void> {
    await this.system.updateQueued(
      'outbox_messages',
      message.id,
      retryAt ? { last_error: error, next_attempt_at: retryAt } : { last_error: error, status: 'failed', sealed_action: null },
    );
  }
}
