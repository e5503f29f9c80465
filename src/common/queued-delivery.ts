import { Column, CreateDateColumn, PrimaryGeneratedColumn } from 'typeorm';

export type DeliveryStatus = 'pending' | 'sent' | 'failed';

/** The bookkeeping every durable queue row shares (claimed by SystemRepository.claimDue, retried with backoff). */
export abstract class QueuedRow<Status extends string> {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status!: Status;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

/** A durable send queue row (e-mail outbox, webhook deliveries). */
export abstract class QueuedDelivery extends QueuedRow<DeliveryStatus> {
  @Column({ type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}

/** Narrows a claim: only these rows, or only rows of these kinds (background jobs). */
export interface ClaimFilter {
  ids?: number[];
  kinds?: string[];
}
