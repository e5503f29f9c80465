import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { TenantRepository } from '../database/tenant-repository';
import { OutboxMessage } from './outbox-message.entity';

export type NewOutboxMessage = Pick<OutboxMessage, 'kind' | 'subjectRef' | 'toAddress' | 'subject' | 'html' | 'text' | 'sealedAction'>;

/** Injection token of the SecretBox that seals outbox action links. */
export const OUTBOX_BOX = Symbol('OUTBOX_BOX');

/** The organization's e-mails (sending claims them across organizations, see SystemRepository). */
@Injectable()
export class OutboxRepository extends TenantRepository {
  add(message: NewOutboxMessage): Promise<OutboxMessage> {
    return this.with(OutboxMessage, (r) => r.save(r.create({ ...message, tenantId: this.tenantId })));
  }

  recent(offset: number, limit: number): Promise<[OutboxMessage[], number]> {
    return this.with(OutboxMessage, (r) => r.findAndCount({ where: { tenantId: this.tenantId }, order: { id: 'DESC' }, skip: offset, take: limit }));
  }

  /** Erasure: the e-mails about these subjects. */
  async deleteAbout(subjectRefs: string[]): Promise<void> {
    await this.with(OutboxMessage, (r) => r.delete({ tenantId: this.tenantId, subjectRef: In(subjectRefs) }));
  }
}
