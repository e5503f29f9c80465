import { Injectable } from '@nestjs/common';
import { TenantRepository } from '../database/tenant-repository';

/**
 * The purge's statements for the organization in scope. Raw SQL: each deletes one bounded batch
 * (`id IN (SELECT … LIMIT n)`), found through the tables' time or tenant indexes, in the ambient transaction
 * (one per batch, see RetentionService). The organization is the transaction's own (`app_tenant_id()`, the
 * setting row-level security checks too). Rows of no organization are purged through SystemRepository.
 */
const FINISHED = `((status = 'sent' AND sent_at < $1) OR (status = 'failed' AND created_at < $1))`;

@Injectable()
export class RetentionRepository extends TenantRepository {
  /** `condition` uses $1 (the cut-off); the batch size is $2. */
  private async deleteBatch(table: string, condition: string, before: Date, limit: number): Promise<number> {
    const result: [unknown[], number] = await this.run((m) =>
      m.query(`DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE ${condition} AND tenant_id = app_tenant_id() LIMIT $2)`, [before, limit]),
    );
    return result[1];
  }

  deleteAccessLogs(before: Date, limit: number): Promise<number> {
    return this.deleteBatch('access_logs', 'created_at < $1', before, limit);
  }

  deleteMetricSamples(before: Date, limit: number): Promise<number> {
    return this.deleteBatch('metric_samples', 'created_at < $1', before, limit);
  }

  /** request_counts has a composite key: deleted by minute, bounded through ctid. */
  async deleteRequestCounts(before: Date, limit: number): Promise<number> {
    const result: [unknown[], number] = await this.run((m) =>
      m.query('DELETE FROM request_counts WHERE ctid IN (SELECT ctid FROM request_counts WHERE minute < $1 AND tenant_id = app_tenant_id() LIMIT $2)', [before, limit]),
    );
    return result[1];
  }

  deleteDeadInviteTokens(before: Date, limit: number): Promise<number> {
    return this.deleteBatch('invite_tokens', '(expires_at < $1 OR revoked_at < $1)', before, limit);
  }

  deleteDeadRefreshTokens(before: Date, limit: number): Promise<number> {
    return this.deleteBatch('refresh_tokens', '(expires_at < $1 OR revoked_at < $1)', before, limit);
  }

  /** Sent e-mails, and ones that failed for good. */
  deleteFinishedOutbox(before: Date, limit: number): Promise<number> {
    return this.deleteBatch('outbox_messages', FINISHED, before, limit);
  }

  deleteFinishedWebhookDeliveries(before: Date, limit: number): Promise<number> {
    return this.deleteBatch('webhook_deliveries', FINISHED, before, limit);
  }

  deleteFinishedBackgroundJobs(before: Date, limit: number): Promise<number> {
    return this.deleteBatch('background_jobs', `((status = 'done' AND done_at < $1) OR (status = 'failed' AND created_at < $1))`, before, limit);
  }

  /**
   * The organization's candidates whose last activity (their own update or any interview's) is older than
   * its retention period, if it has one.
   */
  async staleCandidates(limit: number): Promise<number[]> {
    const rows: Array<{ id: number | string }> = await this.run((m) =>
      m.query(
        `SELECT c.id FROM candidates c JOIN tenants t ON t.id = c.tenant_id
         WHERE c.tenant_id = app_tenant_id() AND t.candidate_retention_days IS NOT NULL
           AND greatest(c.updated_at, coalesce((SELECT max(i.updated_at) FROM interviews i WHERE i.candidate_id = c.id), c.updated_at))
               < now() - make_interval(days => t.candidate_retention_days)
         ORDER BY c.id LIMIT $1`,
        [limit],
      ),
    );
    return rows.map((r) => Number(r.id));
  }
}
