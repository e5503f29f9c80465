import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { OutboxMessage } from './outbox-message.entity';

export type NewOutboxMessage = Pick<OutboxMessage, 'tenantId' | 'kind' | 'subjectRef' | 'toAddress' | 'subject' | 'html' | 'text'>;

@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  add(manager: EntityManager, message: NewOutboxMessage): Promise<OutboxMessage> {
    const repo = manager.getRepository(OutboxMessage);
    return repo.save(repo.create(message));
  }

  /**
   * Claims up to `limit` due messages: each gets a lease (next attempt pushed out) and one more attempt
   * counted before sending, so a crash mid-send means a retry, never a loss. SKIP LOCKED lets several
   * instances dispatch without sending a message twice.
   */
  async claimDue(limit: number, leaseMs: number): Promise<OutboxMessage[]> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `UPDATE outbox_messages SET attempts = attempts + 1, next_attempt_at = now() + ($2 || ' milliseconds')::interval
       WHERE id IN (SELECT id FROM outbox_messages WHERE status = 'pending' AND next_attempt_at <= now()
                    ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING id, to_address, subject, html, text, attempts`,
      [limit, String(leaseMs)],
    );
    // Raw SQL returns [rows, count] for UPDATE … RETURNING through TypeORM's postgres driver.
    const list = (Array.isArray(rows[0]) ? rows[0] : rows) as Record<string, unknown>[];
    return list.map((r) =>
      Object.assign(new OutboxMessage(), {
        id: Number(r.id),
        toAddress: String(r.to_address),
        subject: String(r.subject),
        html: String(r.html),
        text: String(r.text),
        attempts: Number(r.attempts),
      }),
    );
  }

  async markSent(id: number, providerMessageId: string): Promise<void> {
    await this.db.getRepository(OutboxMessage).update(
      { id },
      { status: 'sent', sentAt: new Date(), providerMessageId, lastError: null },
    );
  }

  async markFailedAttempt(id: number, error: string, retryAt: Date | null): Promise<void> {
    await this.db
      .getRepository(OutboxMessage)
      .update({ id }, retryAt ? { lastError: error, nextAttemptAt: retryAt } : { lastError: error, status: 'failed' });
  }

  recentForTenant(tenantId: number, offset: number, limit: number): Promise<[OutboxMessage[], number]> {
    return this.db.getRepository(OutboxMessage).findAndCount({ where: { tenantId }, order: { id: 'DESC' }, skip: offset, take: limit });
  }
}
