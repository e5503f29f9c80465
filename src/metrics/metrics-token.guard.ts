import { timingSafeEqual } from 'node:crypto';
import { applyDecorators, CanActivate, ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { MetricsTokenRule } from '../common/auth/access.decorators';
import { AppException } from '../common/errors/app.exception';
import { AppConfig } from '../config/app-config';

/**
 * The scrape endpoint's credential: `Authorization: Bearer <METRICS_TOKEN>` when METRICS_TOKEN is set
 * (compared in constant time), none otherwise. It is the operator's token, not a user's access token.
 */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const expected = this.config.METRICS_TOKEN;
    if (!expected) return true;
    const authorization = context.switchToHttp().getRequest<Request>().headers.authorization;
    const given = Buffer.from(/^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1] ?? '');
    const want = Buffer.from(expected);
    if (given.length !== want.length || !timingSafeEqual(given, want)) throw AppException.unauthorized('A valid metrics token is required');
    return true;
  }
}

/** The route's credential is METRICS_TOKEN (when set). */
export const MetricsToken = () => applyDecorators(MetricsTokenRule(), UseGuards(MetricsTokenGuard));
