import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OutboxMessage } from './outbox-message.entity';
import { NewOutboxMessage, OutboxRepository } from './outbox.repository';

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

export interface MailContent {
  subject: string;
  /** Paragraphs of plain text; rendered as both the text and the HTML body. */
  paragraphs: string[];
  /** A call-to-action link shown as a button in HTML and a bare URL in text. */
  action?: { label: string; url: string };
}

/** Renders a message and writes it to the outbox inside the caller's transaction. */
@Injectable()
export class MailService {
  constructor(private readonly outbox: OutboxRepository) {}

  enqueue(
    manager: EntityManager,
    to: { tenantId: number | null; address: string; kind: string; subjectRef?: string },
    content: MailContent,
  ): Promise<OutboxMessage> {
    const message: NewOutboxMessage = {
      tenantId: to.tenantId,
      kind: to.kind,
      subjectRef: to.subjectRef ?? null,
      toAddress: to.address,
      subject: content.subject,
      ...render(content),
    };
    return this.outbox.add(manager, message);
  }
}

function render(content: MailContent): { html: string; text: string } {
  const text = [...content.paragraphs, ...(content.action ? [`${content.action.label}: ${content.action.url}`] : [])].join('\n\n');
  const paragraphs = content.paragraphs.map((p) => `<p style="margin:0 0 16px">${escapeHtml(p)}</p>`).join('');
  const button = content.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(content.action.url)}" style="background:#2a5bd7;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none">${escapeHtml(content.action.label)}</a></p>`
    : '';
  const html = `<!doctype html><html><body style="font-family:Arial,sans-serif;font-size:15px;color:#222;max-width:560px">${paragraphs}${button}</body></html>`;
  return { html, text };
}
