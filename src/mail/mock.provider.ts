import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { MailProvider, OutgoingMail } from './mail-provider';

/** Used when RESEND_API_KEY is unset: the message stays in the outbox (listed by /api/v1/dev/outbox). */
export class MockMailProvider extends MailProvider {
  readonly name = 'mock';
  private readonly logger = new Logger('MockMail');

  async send(mail: OutgoingMail): Promise<string> {
    // Subject and recipient only: bodies carry one-time links.
    this.logger.log({ to: mail.to, subject: mail.subject }, 'mail accepted by the mock provider');
    return `mock-${randomUUID()}`;
  }
}
