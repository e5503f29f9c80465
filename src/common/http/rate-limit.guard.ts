import { ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail, ThrottlerRequest } from '@nestjs/throttler';
import type { Response } from 'express';
import { ACCESS_KEY, AccessRule } from '../auth/access.decorators';
import type { AuthenticatedRequest } from '../auth/auth-context';
import { AppException } from '../errors/app.exception';
import { RequestContext } from './request-context';

export type RateLimitBucket = 'public' | 'api' | 'auth';

const BUCKET_KEY = 'hirevision:rate-bucket';

/** Marks a credential endpoint (login, register, …): limited by RATE_LIMIT_AUTH per IP against guessing. */
export const AuthRateLimit = () => SetMetadata(BUCKET_KEY, 'auth' satisfies RateLimitBucket);

/**
 * Three named throttlers (see ThrottlerModule config); each route counts against exactly one:
 * `auth` (credential endpoints, per IP), `public` (no JWT: candidate links and tokens, per IP) or
 * `api` (everything else, per user).
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const bucket = this.bucket(props.context);
    if (props.throttler.name !== bucket) return true;
    const getTracker = async (req: Record<string, unknown>) => {
      // A user whose check is deferred (see DeferredCheck) counts as the token's subject until it is judged.
      const userId = (req as Partial<AuthenticatedRequest>).auth?.userId ?? RequestContext.current()?.userId;
      // The parent groups IPv6 addresses by prefix, so one client cannot rotate through its /64.
      return bucket === 'api' && userId !== undefined ? `user:${userId}` : `ip:${await super.getTracker(req)}`;
    };
    // One budget per bucket and client, shared by all routes of the bucket (not one per route).
    const generateKey = (_context: ExecutionContext, tracker: string) => `${bucket}:${tracker}`;
    return super.handleRequest({ ...props, getTracker, generateKey });
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    // A credential that fails its check answers 401, not 429.
    await RequestContext.settleCheck();
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(Math.max(1, detail.timeToBlockExpire)));
    throw new AppException(429, 'RATE_LIMITED', 'Too many requests; retry after the time in Retry-After');
  }

  private bucket(context: ExecutionContext): RateLimitBucket {
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (this.reflector.get<RateLimitBucket | undefined>(BUCKET_KEY, context.getHandler()) === 'auth') return 'auth';
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    if (rule?.kind === 'roles' || req.auth) return 'api';
    return 'public';
  }
}
