import { Injectable } from '@nestjs/common';
import { QueryRunner } from 'typeorm';

/**
 * The purge's statements. Raw SQL: each deletes one bounded batch (`id IN (SELECT … LIMIT n)`), found
 * through the tables' time or tenant indexes, and they run on the purge's own connection. Tenant-owned
 * tables are always purged one organization at a time (each under its own lock, see RetentionService).
 */
const FINISHED = `((status = 'sent' AND sent_at < $1) OR (status = 'failed' AND created_at < $1))`;

/** An organization's id, or null for the rows that belong to none. */
type Owner = number | null;

const ownerCondition = (owner: Owner, param: number): string => (owner === null ? 'tenant_id IS NULL' : `tenant_id = $${param}`);
const ownerParams = (owner: Owner): unknown[] => (owner === null ? [] : [owner]);

@Injectable()
export class RetentionRepository {
  /** `condition` uses $1 (the cut-off); the batch size is $2 and the owner, when there is one, $3. */
  private async deleteBatch(runner: QueryRunner, table: string, condition: string, before: Date, limit: number, owner: Owner | 'no-tenant-column'): Promise<number> {
    const scoped = owner === 'no-tenant-column' ? condition : `${condition} AND ${ownerCondition(owner, 3)}`;
    const result: [unknown[], number] = await runner.query(
      `DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE ${scoped} LIMIT $2)`,
      [before, limit, ...(owner === 'no-tenant-column' ? [] : ownerParams(owner))],
    );
    return result[1];
  }

  /** `null`: requests of no organization (sign-ins, 401s, unknown routes). */
  deleteAccessLogs(runner: QueryRunner, before: Date, limit: number, owner: Owner): Promise<number> {
    return this.deleteBatch(runner, 'access_logs', 'created_at < $1', before, limit, owner);
  }

  deleteMetricSamples(runner: QueryRunner, before: Date, limit: number, tenantId: number): Promise<number> {
    return this.deleteBatch(runner, 'metric_samples', 'created_at < $1', before, limit, tenantId);
  }

  /** request_counts has a composite key: deleted by minute, bounded through ctid. */
  async deleteRequestCounts(runner: QueryRunner, before: Date, limit: number, tenantId: number): Promise<number> {
    const result: [unknown[], number] = await runner.query(
      'DELETE FROM request_counts WHERE ctid IN (SELECT ctid FROM request_counts WHERE minute < $1 AND tenant_id = $3 LIMIT $2)',
      [before, limit, tenantId],
    );
    return result[1];
  }

  deleteDeadInviteTokens(runner: QueryRunner, before: Date, limit: number, tenantId: number): Promise<number> {
    return this.deleteBatch(runner, 'invite_tokens', '(expires_at < $1 OR revoked_at < $1)', before, limit, tenantId);
  }

  deleteDeadRefreshTokens(runner: QueryRunner, before: Date, limit: number, tenantId: number): Promise<number> {
    return this.deleteBatch(runner, 'refresh_tokens', '(expires_at < $1 OR revoked_at < $1)', before, limit, tenantId);
  }

  /** Not tenant-owned (a link for a user who may not have logged in yet). */
  deleteDeadPasswordSetupTokens(runner: QueryRunner, before: Date, limit: number): Promise<number> {
    return this.deleteBatch(runner, 'password_setup_tokens', '(expires_at < $1 OR used_at < $1)', before, limit, 'no-tenant-column');
  }

  /** Sent e-mails, and ones that failed for good. */
  deleteFinishedOutbox(runner: QueryRunner, before: Date, limit: number, owner: Owner): Promise<number> {
    return this.deleteBatch(runner, 'outbox_messages', FINISHED, before, limit, owner);
  }

  deleteFinishedWebhookDeliveries(runner: QueryRunner, before: Date, limit: number, tenantId: number): Promise<number> {
    return this.deleteBatch(runner, 'webhook_deliveries', FINISHED, before, limit, tenantId);
  }

  deleteFinishedBackgroundJobs(runner: QueryRunner, before: Date, limit: number, tenantId: number): Promise<number> {
    return this.deleteBatch(runner, 'background_jobs', `((status = 'done' AND done_at < $1) OR (status = 'failed' AND created_at < $1))`, before, limit, tenantId);
  }

  /** Organization ids in order, a page at a time (keyset: the sweep's cost follows the page). */
  async tenantIdsAfter(runner: QueryRunner, afterId: number, limit: number): Promise<number[]> {
    const rows: Array<{ id: number | string }> = await runner.query('SELECT id FROM tenants WHERE id > $1 ORDER BY id LIMIT $2', [afterId, limit]);
    return rows.map((r) => Number(r.id));
  }

  async deleteExpiredReplays(runner: QueryRunner, limit: number): Promise<number> {
    const result: [unknown[], number] = await runner.query(
      'DELETE FROM webhook_replays WHERE signature IN (SELECT signature FROM webhook_replays WHERE expires_at < now() LIMIT $1)',
      [limit],
    );
    return result[1];
  }

  /**
   * The organization's candidates whose last activity (their own update or any interview's) is older than
   * its retention period, if it has one.
   */
  async staleCandidates(runner: QueryRunner, limit: number, tenantId: number): Promise<number[]> {
    const rows: Array<{ id: number | string }> = await runner.query(
      `SELECT c.id FROM candidates c JOIN tenants t ON t.id = c.tenant_id
       WHERE c.tenant_id = $2 AND t.candidate_retention_days IS NOT NULL
         AND greatest(c.updated_at, coalesce((SELECT max(i.updated_at) FROM interviews i WHERE i.candidate_id = c.id), c.updated_at))
             < now() - make_interval(days => t.candidate_retention_days)
       ORDER BY c.id LIMIT $1`,
      [limit, tenantId],
    );
    return rows.map((r) => Number(r.id));
  }
}
