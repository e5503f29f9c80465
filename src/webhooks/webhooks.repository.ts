import { Injectable } from '@nestjs/common';
import { In, IsNull } from 'typeorm';
import { TenantRepository } from '../database/tenant-repository';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookSecret } from './webhook-secret.entity';

export type NewDelivery = Pick<WebhookDelivery, 'event' | 'url' | 'payload' | 'subjectRef'>;

/** The organization's webhook secrets and deliveries (sending claims them across organizations, see SystemRepository). */
@Injectable()
export class WebhooksRepository extends TenantRepository {
  /** The secrets that verify signatures now: the current one and any rotated one still within its 24 h. */
  async liveSecrets(): Promise<string[]> {
    const rows: Array<{ secret: string }> = await this.run((m) =>
      m.query(`SELECT secret FROM webhook_secrets WHERE tenant_id = $1 AND (expires_at IS NULL OR expires_at > now()) ORDER BY id DESC`, [this.tenantId]),
    );
    return rows.map((r) => r.secret);
  }

  async currentSecret(): Promise<string | null> {
    const row = await this.with(WebhookSecret, (r) => r.findOne({ where: { tenantId: this.tenantId, expiresAt: IsNull() }, order: { id: 'DESC' } }));
    return row?.secret ?? null;
  }

  async hasSecret(): Promise<boolean> {
    return (await this.currentSecret()) !== null;
  }

  /** Retires the current secret (valid for `graceMs` more) and stores the new one; the caller holds the organization's lock. */
  async rotate(secret: string, graceMs: number): Promise<void> {
    await this.with(WebhookSecret, async (r) => {
      await r.update({ tenantId: this.tenantId, expiresAt: IsNull() }, { expiresAt: new Date(Date.now() + graceMs) });
      await r.save(r.create({ tenantId: this.tenantId, secret, expiresAt: null }));
    });
  }

  addDelivery(delivery: NewDelivery): Promise<WebhookDelivery> {
    return this.with(WebhookDelivery, (r) => r.save(r.create({ ...delivery, tenantId: this.tenantId })));
  }

  /** Erasure: the deliveries about these subjects. */
  async deleteAbout(subjectRefs: string[]): Promise<void> {
    await this.with(WebhookDelivery, (r) => r.delete({ tenantId: this.tenantId, subjectRef: In(subjectRefs) }));
  }
}
