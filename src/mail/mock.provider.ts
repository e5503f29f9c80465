import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { MailProvider, OutgoingMail } from './mail-provider';

/** Delivered messages a development process remembers for /api/v1/dev/outbox (the newest ones). */
const INBOX_SIZE = 500;

/**
 * Used when RESEND_API_KEY is unset. Outside production it is the developers' inbox: the bodies it
 * "delivered", links included, stay in this process's memory (bounded) and /api/v1/dev/outbox shows
 * them, while the database keeps only the sealed-then-erased form like any other outbox row.
 */
export class MockMailProvider extends MailProvider {
  readonly name = 'mock';
  private readonly logger = new Logger('MockMail');
  private readonly inbox = new Map<string, { html: string; text: string }>();

  constructor(private readonly keepBodies = false) {
    super();
  }

  async send(mail: OutgoingMail): Promise<string> {
    // Subject and recipient only: bodies carry one-time links.
    this.logger.log({ to: mail.to, subject: mail.subject }, 'mail accepted by the mock provider');
    if (this.keepBodies) {
      this.inbox.delete(mail.idempotencyKey);
      this.inbox.set(mail.idempotencyKey, { html: mail.html, text: mail.text });
      if (this.inbox.size > INBOX_SIZE) this.inbox.delete(this.inbox.keys().next().value as string);
    }
    return `mock-${randomUUID()}`;
  }

  /** The bodies as delivered, for a message this process sent. */
  delivered(idempotencyKey: string): { html: string; text: string } | undefined {
    return this.inbox.get(idempotencyKey);
  }
}
