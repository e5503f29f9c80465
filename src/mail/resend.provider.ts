import { Resend } from 'resend';
import { AppConfig } from '../config/app-config';
import { MailProvider, OutgoingMail } from './mail-provider';

export class ResendMailProvider extends MailProvider {
  readonly name = 'resend';
  private readonly client: Resend;
  private readonly from: string;

  constructor(config: AppConfig) {
    super();
    this.client = new Resend(config.RESEND_API_KEY, { baseUrl: config.RESEND_BASE_URL });
    this.from = `${config.MAIL_FROM_NAME.replace(/[<>"]/g, '')} <${config.MAIL_FROM}>`;
  }

  async send(mail: OutgoingMail): Promise<string> {
    const { data, error } = await this.client.emails.send(
      { from: this.from, to: [mail.to], subject: mail.subject, html: mail.html, text: mail.text },
      { idempotencyKey: mail.idempotencyKey },
    );
    if (error || !data) throw new Error(`Resend refused the message: ${error?.name ?? 'unknown'}: ${error?.message ?? 'no data'}`);
    return data.id;
  }
}
