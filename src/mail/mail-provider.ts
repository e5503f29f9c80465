export interface OutgoingMail {
  /** Stable per message: providers that support it use it to drop duplicate sends. */
  idempotencyKey: string;
  to: string;
  subject: string;
  html: string;
  text: string;
}

export abstract class MailProvider {
  abstract readonly name: string;
  /** Resolves with the provider's message id; rejects when the message was not accepted. */
  abstract send(mail: OutgoingMail): Promise<string>;
}
