import { applyDecorators, CanActivate, ExecutionContext, Injectable, Logger, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { SignatureRule } from '../common/auth/access.decorators';
import { AppException } from '../common/errors/app.exception';
import { RequestContext } from '../common/http/request-context';
import { SystemRepository } from '../database/system.repository';
import { TenantScope } from '../database/tenant-scope';
import { parseSignatureHeader, SIGNATURE_HEADER, SIGNATURE_TOLERANCE_SECONDS, verifySignature } from './signature';
import { WebhooksService } from './webhooks.service';

/**
 * Authenticates an inbound webhook by its signature alone: the organization named in the body
 * (`tenant_id`) must have signed the exact raw body with a live secret within five minutes, and each
 * signature is accepted once. Anything short of that is 401 and changes nothing; past it the request acts
 * for that organization.
 */
@Injectable()
export class SignedWebhookGuard implements CanActivate {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly webhooks: WebhooksService,
    private readonly system: SystemRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request & { rawBody?: Buffer }>();
    const header = req.headers[SIGNATURE_HEADER.toLowerCase()];
    const signatureHeader = typeof header === 'string' ? header : undefined;
    const tenantId = (req.body as { tenant_id?: unknown } | null)?.tenant_id;
    if (!req.rawBody || !Number.isInteger(tenantId) || (tenantId as number) < 1 || (tenantId as number) > 2147483647) throw this.refused('missing');
    // The secrets of the organization the body names; only a valid signature makes the request that organization's.
    const secrets = await TenantScope.run(tenantId as number, () => this.webhooks.liveSecrets());
    const now = Math.floor(Date.now() / 1000);
    const outcome = verifySignature(signatureHeader, req.rawBody, secrets, now);
    if (!outcome.ok) throw this.refused(outcome.reason);
    // Remembered for as long as the signature could still be accepted (a sender's clock may run ahead).
    const signedAt = parseSignatureHeader(signatureHeader)?.timestamp ?? now;
    const forgetAt = new Date((Math.max(now, signedAt) + SIGNATURE_TOLERANCE_SECONDS + 60) * 1000);
    if (!(await this.system.rememberSignature(outcome.signature, forgetAt))) throw this.refused('replayed');
    RequestContext.identify({ tenantId: tenantId as number });
    return true;
  }

  private refused(reason: string): AppException {
    this.logger.warn({ reason }, 'webhook signature refused');
    return AppException.unauthorized('Missing, invalid, expired or replayed signature');
  }
}

/** The route's credential is a webhook signature of the organization the body names. */
export const SignedWebhook = () => applyDecorators(SignatureRule(), UseGuards(SignedWebhookGuard));
