import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ErasureService } from '../candidates/erasure.service';
import { SecretBox } from '../common/secret-box';
import { OutboxMessage } from './outbox-message.entity';
import { NewOutboxMessage, OUTBOX_BOX, OutboxRepository } from './outbox.repository';

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

export interface MailContent {
  subject: string;
  /** Paragraphs of plain text; rendered as both the text and the HTML body. */
  paragraphs: string[];
  /** A call-to-action link shown as a button in HTML and a bare URL in text. */
  action?: { label: string; url: string };
}

/** Stands for the action link in stored bodies; the dispatcher puts the unsealed link back just before sending. */
export const ACTION_URL_PLACEHOLDER = '{{hirevision:action_url}}';

/**
 * Renders a message and writes it to the outbox inside the caller's (ambient) transaction. The action link (an invite
 * or password-setup link, carrying a one-time token) is stored sealed, never in the body, and erased once the
 * message is sent: the outbox honours "tokens are stored only as hashes" for as long as a message is kept.
 */
@Injectable()
export class MailService implements OnModuleInit {
  constructor(
    private readonly outbox: OutboxRepository,
    @Inject(OUTBOX_BOX) private readonly box: SecretBox,
    private readonly erasure: ErasureService,
  ) {}

  /** Erasing candidates erases the e-mails about them, in the erasure's transaction. */
  onModuleInit(): void {
    this.erasure.registerReferences('e-mails', (refs) => this.outbox.deleteAbout(refs));
  }

  /** Queues the message for the organization in scope, in the ambient transaction. */
  enqueue(to: { address: string; kind: string; subjectRef?: string }, content: MailContent): Promise<OutboxMessage> {
    const message: NewOutboxMessage = {
      kind: to.kind,
      subjectRef: to.subjectRef ?? null,
      toAddress: to.address,
      subject: content.subject,
      ...render(content),
      sealedAction: content.action ? this.box.seal(content.action.url) : null,
    };
    return this.outbox.add(message);
  }
}

/** The bodies to send: the stored ones with the unsealed action link put back. */
export function withActionUrl(body: { html: string; text: string }, url: string): { html: string; text: string } {
  return { text: body.text.replaceAll(ACTION_URL_PLACEHOLDER, url), html: body.html.replaceAll(ACTION_URL_PLACEHOLDER, escapeHtml(url)) };
}

/** Removes the placeholder until none is left (one pass would leave `{{…{{…}}…}}` as a fresh one). */
function withoutPlaceholder(text: string): string {
  let out = text;
  while (out.includes(ACTION_URL_PLACEHOLDER)) out = out.replaceAll(ACTION_URL_PLACEHOLDER, '');
  return out;
}

function render(content: MailContent): { html: string; text: string } {
  // Text from elsewhere (a name, a company) cannot smuggle in the placeholder and receive the link.
  const paragraphList = content.paragraphs.map(withoutPlaceholder);
  const text = [...paragraphList, ...(content.action ? [`${content.action.label}: ${ACTION_URL_PLACEHOLDER}`] : [])].join('\n\n');
  const paragraphs = paragraphList.map((p) => `<p style="margin:0 0 16px">${escapeHtml(p)}</p>`).join('');
  const button = content.action
    ? `<p style="margin:24px 0"><a href="${ACTION_URL_PLACEHOLDER}" style="background:#2a5bd7;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none">${escapeHtml(content.action.label)}</a></p>`
    : '';
  const html = `<!doctype html><html><body style="font-family:Arial,sans-serif;font-size:15px;color:#222;max-width:560px">${paragraphs}${button}</body></html>`;
  return { html, text };
}
