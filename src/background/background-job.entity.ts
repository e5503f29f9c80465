import { Column, Entity, Index } from 'typeorm';
import { QueuedRow } from '../common/queued-delivery';

export type BackgroundJobStatus = 'pending' | 'done' | 'failed';

/**
 * Work that must happen after a state change and survive any instance stopping: written in the same
 * transaction as the change, claimed by whichever instance polls first (SKIP LOCKED), retried with backoff.
 */
@Entity('background_jobs')
@Index(['status', 'nextAttemptAt'])
@Index(['tenantId', 'id'])
export class BackgroundJob extends QueuedRow<BackgroundJobStatus> {
  @Column({ type: 'int' })
  tenantId!: number;

  /** Which handler runs it (see BackgroundJobs.handle). */
  @Column({ type: 'varchar', length: 40 })
  kind!: string;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  /** At most one job per key, ever: a second enqueue with the same key is a no-op. */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 200, nullable: true })
  dedupeKey!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  doneAt!: Date | null;
}
