import { Injectable, Logger } from '@nestjs/common';
import { PollingDispatcher, RetryPolicy } from '../common/polling-dispatcher';
import { AppConfig } from '../config/app-config';
import { SystemRepository } from '../database/system.repository';
import { TenantScope } from '../database/tenant-scope';
import { safePost } from './safe-http';
import { SIGNATURE_HEADER, signPayload } from './signature';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhooksRepository } from './webhooks.repository';

const LEASE_MS = 5 * 60_000;

/** Sends outbound webhooks, signed like inbound ones, only to targets that pass the SSRF checks. */
@Injectable()
export class WebhookDispatcher extends PollingDispatcher<WebhookDelivery> {
  protected readonly logger = new Logger('WebhookDelivery');

  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly system: SystemRepository,
    private readonly config: AppConfig,
  ) {
    super();
  }

  protected policy(): RetryPolicy {
    return { intervalMs: this.config.WEBHOOK_DISPATCH_INTERVAL_MS, maxAttempts: this.config.WEBHOOK_MAX_ATTEMPTS };
  }

  /** Due deliveries of every organization, leased to this instance. */
  protected async claim(limit: number): Promise<WebhookDelivery[]> {
    const rows = await this.system.claimDue('webhook_deliveries', ['tenant_id', 'url', 'payload'], limit, LEASE_MS);
    return rows.map((r) =>
      Object.assign(new WebhookDelivery(), { id: Number(r.id), tenantId: Number(r.tenant_id), url: String(r.url), payload: String(r.payload), attempts: Number(r.attempts) }),
    );
  }

  protected async deliver(delivery: WebhookDelivery): Promise<string> {
    const secret = await TenantScope.run(delivery.tenantId, () => this.webhooks.currentSecret());
    if (!secret) throw new Error('No webhook secret to sign with: rotate one (POST /settings/webhook-secret:rotate)');
    const signature = signPayload(secret, delivery.payload, Math.floor(Date.now() / 1000));
    const result = await safePost(
      delivery.url,
      delivery.payload,
      { [SIGNATURE_HEADER]: signature, 'X-Hirevision-Event': 'analysis.ready', 'X-Hirevision-Delivery': String(delivery.id) },
      { allowedHosts: this.config.webhookAllowedHosts },
      { timeoutMs: this.config.WEBHOOK_TIMEOUT_MS },
    );
    if (result.status < 200 || result.status >= 300) throw new Error(`The receiver answered ${result.status}`);
    return String(result.status);
  }

  protected async markSent(delivery: WebhookDelivery, status: string): Promise<void> {
    await this.system.updateQueued('webhook_deliveries', delivery.id, { status: 'sent', sent_at: new Date(), response_status: Number(status), last_error: null });
  }

  protected async markFailed(delivery: WebhookDelivery, error: string, retryAt: Date | null): Promise<void> {
    await this.system.updateQueued('webhook_deliveries', delivery.id, retryAt ? { last_error: error, next_attempt_at: retryAt } : { last_error: error, status: 'failed' });
  }
}
