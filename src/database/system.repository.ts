import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { AccessLog } from '../audit/access-log.entity';
import { RefreshToken } from '../auth/refresh-token.entity';
import { ClaimFilter } from '../common/queued-delivery';
import { InviteToken } from '../invites/invite-token.entity';
import { MetricSample } from '../metrics/metric-sample.entity';
import { Tenant } from '../tenants/tenant.entity';
import { MediaUpload } from '../uploads/media-upload.entity';
import { User } from '../users/user.entity';
import { Database } from './database';

export type NewAccessLog = Omit<AccessLog, 'id'>;

export type NewSample = Pick<MetricSample, 'tenantId' | 'kind' | 'source' | 'operation' | 'durationMs' | 'success' | 'interviewId'> & {
  sizeBytes?: number | null;
};

export interface RequestCountDelta {
  tenantId: number;
  minute: Date;
  status: number;
  code: string;
  count: number;
}

export type QueueTable = 'outbox_messages' | 'webhook_deliveries' | 'background_jobs';

/**
 * Every read and write that crosses organizations, in one place, as `hirevision_system`: finding whose a
 * credential is (login e-mail, refresh, invite and password-setup tokens, upload keys), signing up, the
 * durable queues' claims, and the request log and metric batches (rows of many organizations at once).
 * Everything else runs for one organization (TenantRepository) under row-level security.
 */
@Injectable()
export class SystemRepository {
  constructor(private readonly database: Database) {}

  /** Login is by e-mail alone (e-mails are unique across organizations). */
  userByEmail(email: string): Promise<User | null> {
    return this.database.system((m) => m.getRepository(User).findOneBy({ email: email.toLowerCase() }));
  }

  refreshTokenByHash(tokenHash: string): Promise<RefreshToken | null> {
    return this.database.system((m) => m.getRepository(RefreshToken).findOneBy({ tokenHash }));
  }

  /** Marks a live setup token used; answers its user (the organization comes with it), or null. */
  consumePasswordSetupToken(tokenHash: string): Promise<User | null> {
    return this.database.system(async (m) => {
      const [rows]: [Array<{ user_id: number }>, number] = await m.query(
        `UPDATE password_setup_tokens SET used_at = now()
         WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING user_id`,
        [tokenHash],
      );
      return rows[0] ? m.getRepository(User).findOneBy({ id: rows[0].user_id }) : null;
    });
  }

  /** Lookup by the token's SHA-256 (an index probe on the hash: its timing says nothing about the token). */
  inviteTokenByHash(tokenHash: string): Promise<InviteToken | null> {
    return this.database.system((m) => m.getRepository(InviteToken).findOneBy({ tokenHash }));
  }

  /** By key alone: a dev upload is reached through a signed URL, which names the key, not the organization. */
  mediaUploadByKey(key: string): Promise<MediaUpload | null> {
    return this.database.system((m) => m.getRepository(MediaUpload).findOneBy({ key }));
  }

  /** A new organization, in the ambient system transaction (sign-up narrows it to the organization next). */
  createTenant(name: string): Promise<Tenant> {
    return this.database.system((m) => m.getRepository(Tenant).save(m.getRepository(Tenant).create({ name, companyName: name })));
  }

  /**
   * Claims up to `limit` due rows of a queue table (narrowed by `filter`): each gets a lease (next attempt
   * pushed out) and one more attempt counted before it is sent, so a crash mid-send means a retry, never a
   * loss. SKIP LOCKED keeps several instances from claiming the same row. Returns the rows' `columns`
   * (snake_case).
   */
  claimDue(table: QueueTable, columns: string[], limit: number, leaseMs: number, filter: ClaimFilter = {}): Promise<Array<Record<string, unknown>>> {
    const params: unknown[] = [limit, String(leaseMs)];
    let narrow = '';
    if (filter.ids) narrow += ` AND id = ANY($${params.push(filter.ids)}::int[])`;
    if (filter.kinds) narrow += ` AND kind = ANY($${params.push(filter.kinds)}::text[])`;
    return this.database.system(async (m) => {
      const result: [Array<Record<string, unknown>>, number] = await m.query(
        `UPDATE ${table} SET attempts = attempts + 1, next_attempt_at = now() + ($2 || ' milliseconds')::interval
         WHERE id IN (SELECT id FROM ${table} WHERE status = 'pending' AND next_attempt_at <= now()${narrow}
                      ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING id, attempts, ${columns.join(', ')}`,
        params,
      );
      // TypeORM answers [rows, affected] for UPDATE … RETURNING.
      return result[0];
    });
  }

  /** Updates one claimed queue row (sent, failed, retry later) when it is still in `onlyIf` (if given). */
  async updateQueued(table: QueueTable, id: number, changes: Record<string, unknown>, onlyIfStatus?: string): Promise<boolean> {
    const entries = Object.entries(changes);
    const sets = entries.map(([column], i) => `${column} = $${i + 2}`).join(', ');
    const params = [id, ...entries.map(([, value]) => value)];
    const guard = onlyIfStatus === undefined ? '' : ` AND status = $${params.push(onlyIfStatus)}`;
    return this.database.system(async (m) => {
      const result: [unknown[], number] = await m.query(`UPDATE ${table} SET ${sets} WHERE id = $1${guard}`, params);
      return result[1] > 0;
    });
  }

  /** Remembers an accepted webhook signature; false when it was already seen (a replay). Forgets expired ones. */
  rememberSignature(signature: string, expiresAt: Date): Promise<boolean> {
    return this.database.system(async (m) => {
      await m.query('DELETE FROM webhook_replays WHERE expires_at < now()');
      const rows: Array<{ signature: string }> = await m.query(
        `INSERT INTO webhook_replays (signature, expires_at) VALUES ($1, $2) ON CONFLICT (signature) DO NOTHING RETURNING signature`,
        [signature, expiresAt],
      );
      return rows.length > 0;
    });
  }

  /**
   * Request log rows of any organizations (and of none). One statement per batch, whatever its size: the
   * rows travel as twelve column arrays and unnest() turns them back into rows.
   */
  async insertAccessLogs(rows: NewAccessLog[]): Promise<void> {
    if (!rows.length) return;
    const column = <K extends keyof NewAccessLog>(key: K) => rows.map((r) => r[key]);
    await this.database.system((m) =>
      m.query(
        `INSERT INTO access_logs (tenant_id, user_id, invite_token_id, method, route, path, status, duration_ms, ip, user_agent, request_id, created_at)
         SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::varchar[], $5::varchar[], $6::varchar[], $7::smallint[], $8::int[], $9::varchar[], $10::varchar[], $11::varchar[], $12::timestamptz[])`,
        [
          column('tenantId'),
          column('userId'),
          column('inviteTokenId'),
          column('method'),
          column('route'),
          column('path'),
          column('status'),
          column('durationMs'),
          column('ip'),
          column('userAgent'),
          column('requestId'),
          column('createdAt'),
        ],
      ),
    );
  }

  async insertMetricSamples(samples: NewSample[]): Promise<void> {
    if (!samples.length) return;
    await this.database.system((m) =>
      m.getRepository(MetricSample).insert(samples.map((s) => ({ ...s, sizeBytes: s.sizeBytes === undefined || s.sizeBytes === null ? null : String(s.sizeBytes) }))),
    );
  }

  /** Adds counter deltas in one statement (several instances add to the same rows safely). */
  async addRequestCounts(deltas: RequestCountDelta[]): Promise<void> {
    if (!deltas.length) return;
    const values: unknown[] = [];
    const rows = deltas.map((d, i) => {
      values.push(d.tenantId, d.minute, d.status, d.code, d.count);
      const o = i * 5;
      return `($${o + 1}, $${o + 2}, $${o + 3}, $${o + 4}, $${o + 5})`;
    });
    await this.database.system((m) =>
      m.query(
        `INSERT INTO request_counts (tenant_id, minute, status, code, count) VALUES ${rows.join(', ')}
         ON CONFLICT (tenant_id, minute, status, code) DO UPDATE SET count = request_counts.count + EXCLUDED.count`,
        values,
      ),
    );
  }

  /** Revokes a live refresh token's whole family (logout: the token alone names it). */
  async revokeRefreshFamily(familyId: string): Promise<void> {
    await this.database.system((m) => m.getRepository(RefreshToken).update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() }));
  }

  // The purge's rows of no organization, and its walk over the organizations (one batch per call, in the
  // ambient system transaction the purge opens; see RetentionService).

  /** Organization ids in order, a page at a time (keyset: the sweep's cost follows the page). */
  async tenantIdsAfter(afterId: number, limit: number): Promise<number[]> {
    const rows: Array<{ id: number | string }> = await this.database.system((m) => m.query('SELECT id FROM tenants WHERE id > $1 ORDER BY id LIMIT $2', [afterId, limit]));
    return rows.map((r) => Number(r.id));
  }

  /** Requests of no organization (sign-ins, 401s, unknown routes). */
  deleteTenantlessAccessLogs(before: Date, limit: number): Promise<number> {
    return this.deleteBatch('access_logs', 'created_at < $1 AND tenant_id IS NULL', before, limit);
  }

  /** Not tenant-owned (a link for a user who may not have logged in yet). */
  deleteDeadPasswordSetupTokens(before: Date, limit: number): Promise<number> {
    return this.deleteBatch('password_setup_tokens', '(expires_at < $1 OR used_at < $1)', before, limit);
  }

  /** Sent or finally failed e-mails of no organization. */
  deleteFinishedTenantlessOutbox(before: Date, limit: number): Promise<number> {
    return this.deleteBatch('outbox_messages', `((status = 'sent' AND sent_at < $1) OR (status = 'failed' AND created_at < $1)) AND tenant_id IS NULL`, before, limit);
  }

  async deleteExpiredReplays(limit: number): Promise<number> {
    const result: [unknown[], number] = await this.database.system((m) =>
      m.query('DELETE FROM webhook_replays WHERE signature IN (SELECT signature FROM webhook_replays WHERE expires_at < now() LIMIT $1)', [limit]),
    );
    return result[1];
  }

  /** `condition` uses $1 (the cut-off); the batch size is $2. */
  private async deleteBatch(table: string, condition: string, before: Date, limit: number): Promise<number> {
    const result: [unknown[], number] = await this.database.system((m) =>
      m.query(`DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE ${condition} LIMIT $2)`, [before, limit]),
    );
    return result[1];
  }
}
