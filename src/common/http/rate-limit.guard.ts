import { ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Resolvable, ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import { THROTTLER_BLOCK_DURATION, THROTTLER_LIMIT, THROTTLER_SKIP, THROTTLER_TTL } from '@nestjs/throttler/dist/throttler.constants';
import type { Response } from 'express';
import { ACCESS_KEY, AccessRule } from '../auth/access.decorators';
import type { AuthenticatedRequest } from '../auth/auth-context';
import { AppException } from '../errors/app.exception';
import { perRoute } from './per-route';
import { RequestContext } from './request-context';

export type RateLimitBucket = 'public' | 'api' | 'auth';

const BUCKET_KEY = 'hirevision:rate-bucket';

/** Marks a credential endpoint (login, register, …): limited by RATE_LIMIT_AUTH per IP against guessing. */
export const AuthRateLimit = () => SetMetadata(BUCKET_KEY, 'auth' satisfies RateLimitBucket);

/** What a route asks of one throttler: read once per route from its metadata (it never changes). */
interface ThrottlerPlan {
  skip: boolean;
  limit: Resolvable<number>;
  ttl: Resolvable<number>;
  blockDuration?: Resolvable<number>;
}

/** What a route's bucket depends on, read once per route. */
interface RoutePlan {
  auth: boolean;
  roles: boolean;
  throttlers: Map<string, ThrottlerPlan>;
}

const resolve = async (value: Resolvable<number>, context: ExecutionContext): Promise<number> => (typeof value === 'function' ? value(context) : value);

/**
 * Three named throttlers (see ThrottlerModule config); each route counts against exactly one:
 * `auth` (credential endpoints, per IP), `public` (no JWT: candidate links and tokens, per IP) or
 * `api` (everything else, per user).
 *
 * Only the request's own bucket is consulted (the parent walks all three), and what a route's metadata says
 * (`@SkipThrottle`, `@Throttle`, its access rule) is read once per route rather than on every request.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  private readonly route = perRoute<RoutePlan>((handler, controller) => {
    const targets = [handler, controller];
    const throttlers = new Map<string, ThrottlerPlan>();
    for (const t of this.throttlers) {
      const name = t.name ?? 'default';
      const meta = <T>(key: string) => this.reflector.getAllAndOverride<T | undefined>(key + name, targets);
      throttlers.set(name, {
        skip: Boolean(meta<boolean>(THROTTLER_SKIP)),
        limit: meta<Resolvable<number>>(THROTTLER_LIMIT) ?? t.limit,
        ttl: meta<Resolvable<number>>(THROTTLER_TTL) ?? t.ttl,
        blockDuration: meta<Resolvable<number>>(THROTTLER_BLOCK_DURATION) ?? t.blockDuration,
      });
    }
    return {
      auth: this.reflector.get<RateLimitBucket | undefined>(BUCKET_KEY, handler) === 'auth',
      roles: this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, targets)?.kind === 'roles',
      throttlers,
    };
  });

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const route = this.route(context);
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const bucket: RateLimitBucket = route.auth ? 'auth' : (route.roles || req.auth) ? 'api' : 'public';
    const throttler = this.throttlers.find((t) => t.name === bucket);
    const plan = throttler && route.throttlers.get(bucket);
    if (!throttler || !plan || plan.skip || (throttler.skipIf ?? this.commonOptions.skipIf)?.(context)) return true;
    const getTracker = async (request: Record<string, unknown>) => {
      // A user whose check is deferred (see DeferredCheck) counts as the token's subject until it is judged.
      const userId = (request as Partial<AuthenticatedRequest>).auth?.userId ?? RequestContext.current()?.userId;
      // The parent groups IPv6 addresses by prefix, so one client cannot rotate through its /64.
      return bucket === 'api' && userId !== undefined ? `user:${userId}` : `ip:${await super.getTracker(request)}`;
    };
    const ttl = await resolve(plan.ttl, context);
    return this.handleRequest({
      context,
      throttler,
      limit: await resolve(plan.limit, context),
      ttl,
      blockDuration: plan.blockDuration === undefined ? ttl : await resolve(plan.blockDuration, context),
      getTracker,
      // One budget per bucket and client, shared by all routes of the bucket (not one per route).
      generateKey: (_context: ExecutionContext, tracker: string) => `${bucket}:${tracker}`,
    });
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    // A credential that fails its check answers 401, not 429.
    await RequestContext.settleCheck();
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(Math.max(1, detail.timeToBlockExpire)));
    throw new AppException(429, 'RATE_LIMITED', 'Too many requests; retry after the time in Retry-After');
  }
}
