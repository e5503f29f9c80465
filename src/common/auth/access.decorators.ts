import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata, type Type, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiSecurity, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ROLES, type Role } from '../../users/user.entity';
import { ErrorEnvelope } from '../errors/error-envelope';
import { AppException } from '../errors/app.exception';
import type { AuthContext, AuthenticatedRequest } from './auth-context';
import { DeferredCheckInterceptor } from './deferred-check.interceptor';

export const ACCESS_KEY = 'hirevision:access';
export const HOT_READ_KEY = 'hirevision:hot-read';

export type AccessRule = { kind: 'public' } | { kind: 'candidate-token' } | { kind: 'signature' } | { kind: 'metrics-token' } | { kind: 'roles'; roles: readonly Role[] };

export const ALL_ROLES = ROLES;
/** admin and recruiter: the roles that change hiring data. */
export const WRITERS: readonly Role[] = ['admin', 'recruiter'];

const RATE_LIMITED = ApiTooManyRequestsResponse({ description: 'Rate limit reached; retry after Retry-After seconds', type: ErrorEnvelope });
const BAD_BEARER = ApiUnauthorizedResponse({ description: 'A bearer token was sent and is invalid or expired', type: ErrorEnvelope });

/** No credential needed (login, register, health, docs). */
export const Public = () => applyDecorators(SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies AccessRule), ApiSecurity({}), RATE_LIMITED);

/** No credential needed and no rate limit applied by the caller (orchestrator probes): documents no 429. */
export const PublicUnlimited = () => applyDecorators(SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies AccessRule), ApiSecurity({}));

/**
 * The candidate's invite token (in the path, query or body) is the credential, checked by the feature's
 * guard (see `CandidateToken` in invites). A bearer token, when sent, is authenticated too.
 */
export const CandidateTokenRule = () =>
  applyDecorators(SetMetadata(ACCESS_KEY, { kind: 'candidate-token' } satisfies AccessRule), ApiSecurity({}), RATE_LIMITED, BAD_BEARER);

/**
 * A signature in the request is the credential (signed URLs, signed webhooks), checked by the feature's
 * guard (`SignedUpload`, `SignedWebhook`). A bearer token, when sent, is authenticated too, so a route may
 * accept either.
 */
export const SignatureRule = () => applyDecorators(SetMetadata(ACCESS_KEY, { kind: 'signature' } satisfies AccessRule), ApiSecurity({}), RATE_LIMITED, BAD_BEARER);

/**
 * The operator's METRICS_TOKEN is the credential (not a user's access token), checked by the metrics
 * feature's guard; the global guard leaves the Authorization header to it.
 */
export const MetricsTokenRule = () => applyDecorators(SetMetadata(ACCESS_KEY, { kind: 'metrics-token' } satisfies AccessRule), ApiSecurity({}), RATE_LIMITED);

/** A bearer access token whose user has one of these roles. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, { kind: 'roles', roles } satisfies AccessRule),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'Missing, expired or invalid access token', type: ErrorEnvelope }),
    ApiForbiddenResponse({ description: `Only ${roles.join(', ')} may call this`, type: ErrorEnvelope }),
    RATE_LIMITED,
  );

/** Every `@HotRead()` handler, by controller and method name: the hot paths serve them (see HotPaths). */
export const HOT_READ_HANDLERS: Array<{ controller: Type; method: string }> = [];

/**
 * A GET route (with `@Roles`) answered from one hot read (see HotReads): the access token's user is read in
 * that read's round trip instead of one of its own before it (see DeferredCheck). Its handler only reads,
 * takes no `@CurrentAuth()`, and answers nothing before the check is judged (DeferredCheckInterceptor).
 * Its requests skip Express's router and Nest's generic route pipeline (see HotPaths), so it takes only
 * `@Query()` and `@Param()` arguments and no guards, interceptors, pipes or filters of its own.
 */
export const HotRead = () =>
  applyDecorators(SetMetadata(HOT_READ_KEY, true), UseInterceptors(DeferredCheckInterceptor), (target: object, method: string | symbol) => {
    HOT_READ_HANDLERS.push({ controller: target.constructor as Type, method: String(method) });
  });

/** The authenticated caller; only valid on routes guarded by `@Roles`. */
export const CurrentAuth = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthContext => {
  const auth = ctx.switchToHttp().getRequest<AuthenticatedRequest>().auth;
  if (!auth) throw AppException.unauthorized();
  return auth;
});

/** The caller when a route accepts either a JWT or a candidate token. */
export const OptionalAuth = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthContext | undefined => ctx.switchToHttp().getRequest<AuthenticatedRequest>().auth,
);
