import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { claimDue } from '../common/queued-delivery';
import { OutboxMessage } from './outbox-message.entity';

export type NewOutboxMessage = Pick<OutboxMessage, 'tenantId' | 'kind' | 'subjectRef' | 'toAddress' | 'subject' | 'html' | 'text' | 'sealedAction'>;

/** Injection token of the SecretBox that seals outbox action links. */
export const OUTBOX_BOX = Symbol('OUTBOX_BOX');

@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  add(manager: EntityManager, message: NewOutboxMessage): Promise<OutboxMessage> {
    const repo = manager.getRepository(OutboxMessage);
    return repo.save(repo.create(message));
  }

  /** Due messages, leased to this instance (see claimDue). */
  async claimDue(limit: number, leaseMs: number): Promise<OutboxMessage[]> {
    const rows = await claimDue(this.db, 'outbox_messages', ['to_address', 'subject', 'html', 'text', 'sealed_action'], limit, leaseMs);
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

  async markSent(id: number, providerMessageId: string): Promise<void> {
    await this.db.getRepository(OutboxMessage).update(
      { id },
      { status: 'sent', sentAt: new Date(), providerMessageId, lastError: null, sealedAction: null },
    );
  }

  async markFailedAttempt(id: number, error: string, retryAt: Date | null): Promise<void> {
    await this.db
      .getRepository(OutboxMessage)
      .update({ id }, retryAt ? { lastError: error, nextAttemptAt: retryAt } : { lastError: error, status: 'failed', sealedAction: null });
  }

  recentForTenant(tenantId: number, offset: number, limit: number): Promise<[OutboxMessage[], number]> {
    return this.db.getRepository(OutboxMessage).findAndCount({ where: { tenantId }, order: { id: 'DESC' }, skip: offset, take: limit });
  }
}
