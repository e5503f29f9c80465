import { Column, CreateDateColumn, DataSource, PrimaryGeneratedColumn } from 'typeorm';

export type DeliveryStatus = 'pending' | 'sent' | 'failed';

/** The bookkeeping of a durable send queue row (e-mail outbox, webhook deliveries). */
export abstract class QueuedDelivery {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status!: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

/**
 * Claims up to `limit` due rows of a queue table (only those of `ids`, when given): each gets a lease (next
 * attempt pushed out) and one more attempt counted before it is sent, so a crash mid-send means a retry,
 * never a loss. SKIP LOCKED keeps several instances from claiming the same row. Returns the rows' `columns`
 * (snake_case).
 */
export async function claimDue(
  db: DataSource,
  table: 'outbox_messages' | 'webhook_deliveries' | 'background_jobs',
  columns: string[],
  limit: number,
  leaseMs: number,
  ids?: number[],
): Promise<Array<Record<string, unknown>>> {
  const result: [Array<Record<string, unknown>>, number] = await db.query(
    `UPDATE ${table} SET attempts = attempts + 1, next_attempt_at = now() + ($2 || ' milliseconds')::interval
     WHERE id IN (SELECT id FROM ${table} WHERE status = 'pending' AND next_attempt_at <= now()${ids ? ' AND id = ANY($3::int[])' : ''}
                  ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
     RETURNING id, attempts, ${columns.join(', ')}`,
    ids ? [limit, String(leaseMs), ids] : [limit, String(leaseMs)],
  );
  // TypeORM answers [rows, affected] for UPDATE … RETURNING.
  return result[0];
}
