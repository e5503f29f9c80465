import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type BackgroundJobStatus = 'pending' | 'done' | 'failed';

/**
 * Work that must happen after a state change and survive any instance stopping: written in the same
 * transaction as the change, claimed by whichever instance polls first (SKIP LOCKED), retried with backoff.
 */
@Entity('background_jobs')
@Index(['status', 'nextAttemptAt'])
@Index(['tenantId', 'id'])
export class BackgroundJob {
  @PrimaryGeneratedColumn()
  id!: number;

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

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status!: BackgroundJobStatus;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  doneAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
