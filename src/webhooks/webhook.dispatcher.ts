import { Injectable, Logger } from '@nestjs/common';
import { PollingDispatcher, RetryPolicy } from '../common/polling-dispatcher';
import { AppConfig } from '../config/app-config';
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
    private readonly config: AppConfig,
  ) {
    super();
  }

  protected policy(): RetryPolicy {
    return { intervalMs: this.config.WEBHOOK_DISPATCH_INTERVAL_MS, maxAttempts: this.config.WEBHOOK_MAX_ATTEMPTS };
  }

  protected claim(limit: number): Promise<WebhookDelivery[]> {
    return this.webhooks.claimDue(limit, LEASE_MS);
  }

  protected async deliver(delivery: WebhookDelivery): Promise<string> {
    const secret = await this.webhooks.currentSecret(delivery.tenantId);
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

  protected markSent(delivery: WebhookDelivery, status: string): Promise<void> {
    return this.webhooks.markSent(delivery.id, Number(status));
  }

  protected markFailed(delivery: WebhookDelivery, error: string, retryAt: Date | null): Promise<void> {
    return this.webhooks.markFailed(delivery.id, error, retryAt);
  }
}
