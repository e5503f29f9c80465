import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { claimDue } from '../common/queued-delivery';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookSecret } from './webhook-secret.entity';

export type NewDelivery = Pick<WebhookDelivery, 'tenantId' | 'event' | 'url' | 'payload' | 'subjectRef'>;

@Injectable()
export class WebhooksRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The secrets that verify signatures now: the current one and any rotated one still within its 24 h. */
  async liveSecrets(tenantId: number): Promise<string[]> {
    const rows: Array<{ secret: string }> = await this.db.query(
      `SELECT secret FROM webhook_secrets WHERE tenant_id = $1 AND (expires_at IS NULL OR expires_at > now()) ORDER BY id DESC`,
      [tenantId],
    );
    return rows.map((r) => r.secret);
  }

  async currentSecret(tenantId: number): Promise<string | null> {
    const row = await this.db.getRepository(WebhookSecret).findOne({ where: { tenantId, expiresAt: IsNull() }, order: { id: 'DESC' } });
    return row?.secret ?? null;
  }

  async hasSecret(tenantId: number): Promise<boolean> {
    return (await this.currentSecret(tenantId)) !== null;
  }

  /** Retires the current secret (valid for `graceMs` more) and stores the new one. */
  async rotate(manager: EntityManager, tenantId: number, secret: string, graceMs: number): Promise<void> {
    const repo = manager.getRepository(WebhookSecret);
    await manager.query('SELECT id FROM tenants WHERE id = $1 FOR UPDATE', [tenantId]);
    await repo.update({ tenantId, expiresAt: IsNull() }, { expiresAt: new Date(Date.now() + graceMs) });
    await repo.save(repo.create({ tenantId, secret, expiresAt: null }));
  }

  /** Remembers an accepted signature; false when it was already seen (a replay). Forgets expired ones. */
  async rememberSignature(signature: string, expiresAt: Date): Promise<boolean> {
    await this.db.query('DELETE FROM webhook_replays WHERE expires_at < now()');
    const rows: Array<{ signature: string }> = await this.db.query(
      `INSERT INTO webhook_replays (signature, expires_at) VALUES ($1, $2) ON CONFLICT (signature) DO NOTHING RETURNING signature`,
      [signature, expiresAt],
    );
    return rows.length > 0;
  }

  addDelivery(manager: EntityManager, delivery: NewDelivery): Promise<WebhookDelivery> {
    const repo = manager.getRepository(WebhookDelivery);
    return repo.save(repo.create(delivery));
  }

  /** Due deliveries, leased to this instance (see claimDue). */
  async claimDue(limit: number, leaseMs: number): Promise<WebhookDelivery[]> {
    const rows = await claimDue(this.db, 'webhook_deliveries', ['tenant_id', 'url', 'payload'], limit, leaseMs);
    return rows.map((r) =>
      Object.assign(new WebhookDelivery(), { id: Number(r.id), tenantId: Number(r.tenant_id), url: String(r.url), payload: String(r.payload), attempts: Number(r.attempts) }),
    );
  }

  async markSent(id: number, responseStatus: number): Promise<void> {
    await this.db.getRepository(WebhookDelivery).update({ id }, { status: 'sent', sentAt: new Date(), responseStatus, lastError: null });
  }

  async markFailed(id: number, error: string, retryAt: Date | null): Promise<void> {
    await this.db
      .getRepository(WebhookDelivery)
      .update({ id }, retryAt ? { lastError: error, nextAttemptAt: retryAt } : { lastError: error, status: 'failed' });
  }
}
