import { Injectable } from '@nestjs/common';
import { AppException } from '../common/errors/app.exception';
import { AppConfig } from '../config/app-config';
import { Tenant } from '../tenants/tenant.entity';
import { TenantsService } from '../tenants/tenants.service';
import { resolveSafeTarget, UnsafeTargetError, validateWebhookUrl } from '../webhooks/safe-http';
import { WebhooksService } from '../webhooks/webhooks.service';
import { SettingsRead, UpdateSettingsDto } from './dto/settings.dto';

@Injectable()
export class SettingsService {
  constructor(
    private readonly tenants: TenantsService,
    private readonly webhooks: WebhooksService,
    private readonly config: AppConfig,
  ) {}

  async get(): Promise<SettingsRead> {
    const tenant = await this.tenants.current();
    if (!tenant) throw AppException.notFound('Organization');
    return SettingsRead.from(tenant, await this.webhooks.hasSecret());
  }

  async update(dto: UpdateSettingsDto): Promise<SettingsRead> {
    const changes: Partial<Tenant> = {
      companyName: dto.company_name,
      defaultTokenTtlHours: dto.default_token_ttl_hours,
      consentRequired: dto.consent_required,
      consentTextVersion: dto.consent_text_version,
      candidateRetentionDays: dto.candidate_retention_days,
      webhookUrl: dto.webhook_url === undefined || dto.webhook_url === null ? dto.webhook_url : await this.safeWebhookUrl(dto.webhook_url),
    };
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as Partial<Tenant>;
    if (!Object.keys(defined).length) throw AppException.validation('Nothing to change');
    await this.tenants.update(defined);
    return this.get();
  }

  /** The same checks outbound delivery makes, so a bad URL is refused when it is set, not days later. */
  private async safeWebhookUrl(raw: string): Promise<string> {
    try {
      const url = validateWebhookUrl(raw.trim());
      await resolveSafeTarget(url, { allowedHosts: this.config.webhookAllowedHosts });
      return url.toString();
    } catch (e) {
      // Generic on purpose: naming the resolved address would let callers map internal DNS.
      const reason = e instanceof UnsafeTargetError && /^(not a URL|URL too long|scheme |credentials in URL|no hostname|port out of range)/.test(e.reason) ? e.reason : 'it must resolve to a public address';
      throw AppException.validation(`webhook_url is not allowed: ${reason}`, [{ field: 'webhook_url', messages: [reason] }]);
    }
  }
}
