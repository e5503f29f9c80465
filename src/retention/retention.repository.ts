import { Injectable } from '@nestjs/common';
import { QueryRunner } from 'typeorm';

/**
 * The purge's statements. Raw SQL: each deletes one bounded batch (`id IN (SELECT … LIMIT n)`), found
 * through the tables' time or tenant indexes, and they run on the purge's own connection.
 */
const FINISHED = `((status = 'sent' AND sent_at < $1) OR (status = 'failed' AND created_at < $1))`;

@Injectable()
export class RetentionRepository {
  private async deleteBatch(runner: QueryRunner, table: string, condition: string, params: unknown[], limit: number, tenantId?: number): Promise<number> {
    const scoped = tenantId === undefined ? condition : `${condition} AND tenant_id = $${params.length + 2}`;
    const values = tenantId === undefined ? [...params, limit] : [...params, limit, tenantId];
    const result: [unknown[], number] = await runner.query(
      `DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE ${scoped} LIMIT $${params.length + 1})`,
      values,
    );
    return result[1];
  }

  deleteAccessLogs(runner: QueryRunner, before: Date, limit: number, tenantId?: number): Promise<number> {
    return this.deleteBatch(runner, 'access_logs', 'created_at < $1', [before], limit, tenantId);
  }

  deleteMetricSamples(runner: QueryRunner, before: Date, limit: number, tenantId?: number): Promise<number> {
    return this.deleteBatch(runner, 'metric_samples', 'created_at < $1', [before], limit, tenantId);
  }

  /** request_counts has a composite key: deleted by minute, bounded through ctid. */
  async deleteRequestCounts(runner: QueryRunner, before: Date, limit: number, tenantId?: number): Promise<number> {
    const scope = tenantId === undefined ? '' : ' AND tenant_id = $3';
    const result: [unknown[], number] = await runner.query(
      `DELETE FROM request_counts WHERE ctid IN (SELECT ctid FROM request_counts WHERE minute < $1${scope} LIMIT $2)`,
      tenantId === undefined ? [before, limit] : [before, limit, tenantId],
    );
    return result[1];
  }

  deleteDeadInviteTokens(runner: QueryRunner, before: Date, limit: number, tenantId?: number): Promise<number> {
    return this.deleteBatch(runner, 'invite_tokens', '(expires_at < $1 OR revoked_at < $1)', [before], limit, tenantId);
  }

  deleteDeadRefreshTokens(runner: QueryRunner, before: Date, limit: number, tenantId?: number): Promise<number> {
    return this.deleteBatch(runner, 'refresh_tokens', '(expires_at < $1 OR revoked_at < $1)', [before], limit, tenantId);
  }

  deleteDeadPasswordSetupTokens(runner: QueryRunner, before: Date, limit: number): Promise<number> {
    return this.deleteBatch(runner, 'password_setup_tokens', '(expires_at < $1 OR used_at < $1)', [before], limit);
  }

  /** Sent e-mails, and ones that failed for good (their bodies carry one-time links). */
  deleteFinishedOutbox(runner: QueryRunner, before: Date, limit: number, tenantId?: number): Promise<number> {
    return this.deleteBatch(runner, 'outbox_messages', FINISHED, [before], limit, tenantId);
  }

  deleteFinishedWebhookDeliveries(runner: QueryRunner, before: Date, limit: number, tenantId?: number): Promise<number> {
    return this.deleteBatch(runner, 'webhook_deliveries', FINISHED, [before], limit, tenantId);
  }

  async deleteExpiredReplays(runner: QueryRunner, limit: number): Promise<number> {
    const result: [unknown[], number] = await runner.query(
      'DELETE FROM webhook_replays WHERE signature IN (SELECT signature FROM webhook_replays WHERE expires_at < now() LIMIT $1)',
      [limit],
    );
    return result[1];
  }

  /**
   * Candidates of organizations with a retention period whose last activity (their own update or any
   * interview's) is older than it.
   */
  async staleCandidates(runner: QueryRunner, limit: number, tenantId?: number): Promise<Array<{ tenantId: number; id: number }>> {
    const scope = tenantId === undefined ? '' : ' AND c.tenant_id = $2';
    const rows: Array<{ tenant_id: number; id: number }> = await runner.query(
      `SELECT c.tenant_id, c.id FROM candidates c JOIN tenants t ON t.id = c.tenant_id
       WHERE t.candidate_retention_days IS NOT NULL${scope}
         AND greatest(c.updated_at, coalesce((SELECT max(i.updated_at) FROM interviews i WHERE i.candidate_id = c.id), c.updated_at))
             < now() - make_interval(days => t.candidate_retention_days)
       ORDER BY c.id LIMIT $1`,
      tenantId === undefined ? [limit] : [limit, tenantId],
    );
    return rows.map((r) => ({ tenantId: Number(r.tenant_id), id: Number(r.id) }));
  }
}
