import { Column, CreateDateColumn, DataSource, PrimaryGeneratedColumn } from 'typeorm';

export type DeliveryStatus = 'pending' | 'sent' | 'failed';

/** The bookkeeping every durable queue row shares (claimed by claimDue, retried with backoff). */
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

/**
 * Claims up to `limit` due rows of a queue table (narrowed by `filter`): each gets a lease (next attempt
 * pushed out) and one more attempt counted before it is sent, so a crash mid-send means a retry, never a
 * loss. SKIP LOCKED keeps several instances from claiming the same row. Returns the rows' `columns`
 * (snake_case).
 */
export async function claimDue(
  db: DataSource,
  table: 'outbox_messages' | 'webhook_deliveries' | 'background_jobs',
  columns: string[],
  limit: number,
  leaseMs: number,
  filter: ClaimFilter = {},
): Promise<Array<Record<string, unknown>>> {
  const params: unknown[] = [limit, String(leaseMs)];
  let narrow = '';
  if (filter.ids) narrow += ` AND id = ANY($${params.push(filter.ids)}::int[])`;
  if (filter.kinds) narrow += ` AND kind = ANY($${params.push(filter.kinds)}::text[])`;
  const result: [Array<Record<string, unknown>>, number] = await db.query(
    `UPDATE ${table} SET attempts = attempts + 1, next_attempt_at = now() + ($2 || ' milliseconds')::interval
     WHERE id IN (SELECT id FROM ${table} WHERE status = 'pending' AND next_attempt_at <= now()${narrow}
                  ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
     RETURNING id, attempts, ${columns.join(', ')}`,
    params,
  );
  // TypeORM answers [rows, affected] for UPDATE … RETURNING.
  return result[0];
}
