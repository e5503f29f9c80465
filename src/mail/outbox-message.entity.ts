import { Column, Entity, Index } from 'typeorm';
import { QueuedDelivery } from '../common/queued-delivery';

/**
 * An e-mail waiting to be sent. Written in the same transaction as the change that caused it,
 * so a provider outage delays a message but never loses it.
 */
@Entity('outbox_messages')
@Index(['status', 'nextAttemptAt'])
@Index(['tenantId', 'id'])
export class OutboxMessage extends QueuedDelivery {
  @Column({ type: 'int', nullable: true })
  tenantId!: number | null;

  /** What caused it (invite, password_setup, …); candidate erasure deletes by subject. */
  @Column({ type: 'varchar', length: 50 })
  kind!: string;

  @Index()
  @Column({ type: 'varchar', length: 100, nullable: true })
  subjectRef!: string | null;

  @Column({ type: 'varchar', length: 254 })
  toAddress!: string;

  @Column({ type: 'varchar', length: 300 })
  subject!: string;

  /** With the action link as ACTION_URL_PLACEHOLDER: one-time tokens never rest in the body. */
  @Column({ type: 'text' })
  html!: string;

  @Column({ type: 'text' })
  text!: string;

  /** The action link sealed (AES-256-GCM) until the message is sent or given up, then erased. */
  @Column({ type: 'text', nullable: true })
  sealedAction!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  providerMessageId!: string | null;
}
