import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { TenantScope } from '../../database/tenant-scope';
import { UsersService } from '../../users/users.service';
import { AppException } from '../errors/app.exception';
import { perRoute } from '../http/per-route';
import { RequestContext } from '../http/request-context';
import type { AuthUser } from '../../users/auth-user-cache';
import type { Role } from '../../users/user.entity';
import { ACCESS_KEY, AccessRule, HOT_READ_KEY } from './access.decorators';
import type { AuthenticatedRequest } from './auth-context';
import { VerifiedTokens } from './verified-tokens';

interface AccessTokenPayload {
  sub: number;
  tid: number;
  typ: 'access';
  exp?: number;
}

interface Route {
  rule: AccessRule | undefined;
  hotRead: boolean;
}

/**
 * The global guard. Deny by default: a route must declare `@Public()`, `@Roles(...)`, or a credential
 * whose feature guard runs next (`@CandidateToken()`, `@SignedUpload()`, `@SignedWebhook()`,
 * `@MetricsToken()`). Role and tenant are read from the user's current row, so a deleted user or a
 * changed role takes effect at once rather than when the access token expires.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly verified = new VerifiedTokens<AccessTokenPayload>();
  /** The route's access rule and whether it is a hot read. */
  private readonly route = perRoute<Route>((handler, controller) => ({
    rule: this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [handler, controller]),
    hotRead: this.reflector.get<boolean | undefined>(HOT_READ_KEY, handler) === true,
  }));

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return false;
    const { rule, hotRead } = this.route(context);
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!rule) throw AppException.forbidden('This route has no access rule');
    // The metrics feature's guard checks its token (the Authorization header is not an access token there).
    if (rule.kind === 'public' || rule.kind === 'metrics-token') return true;
    const bearer = this.bearer(req);
    // The route's own guard checks the invite token or the signature; a bearer token is authenticated here.
    if (rule.kind === 'candidate-token' || rule.kind === 'signature') {
      if (bearer) await this.authenticate(req, this.verified.get(bearer) ?? (await this.verify(bearer)));
      return true;
    }
    if (!bearer) throw AppException.unauthorized();
    const claims = this.verified.get(bearer) ?? (await this.verify(bearer));
    if (hotRead && req.method === 'GET') {
      this.defer(req, claims, rule.roles);
      return true;
    }
    await this.authenticate(req, claims, rule.roles);
    return true;
  }

  private bearer(req: AuthenticatedRequest): string | undefined {
    const header = req.headers.authorization;
    if (!header) return undefined;
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw AppException.unauthorized('Authorization must be "Bearer <access token>"');
    return match[1];
  }

  /** Verifies a token not seen before (signature, expiry, shape); its claims are kept until it expires (see VerifiedTokens). */
  private async verify(token: string): Promise<AccessTokenPayload> {
    let payload: AccessTokenPayload;
    try {
      payload = await this.jwt.verifyAsync<AccessTokenPayload>(token);
    } catch {
      throw AppException.unauthorized('Access token is invalid or expired');
    }
    if (payload.typ !== 'access' || !Number.isInteger(payload.sub) || !Number.isInteger(payload.tid)) throw AppException.unauthorized('Access token is invalid');
    this.verified.set(token, payload);
    return payload;
  }

  /** Reads the token's user in the token's organization: a user moved out of it, or deleted, is not found. */
  private async authenticate(req: AuthenticatedRequest, claims: AccessTokenPayload, roles?: readonly Role[]): Promise<void> {
    const user = await TenantScope.run(claims.tid, () => this.users.findForAuthentication(claims.sub));
    this.admit(req, claims, user, roles);
  }

  /**
   * A `@HotRead()` route: the user is read by the route's read, in the same round trip (see DeferredCheck),
   * or taken from the cache where that is exact. Until the check is judged, the request acts for the token's
   * organization (its signature says so) and the handler may only read; no answer leaves before the check.
   */
  private defer(req: AuthenticatedRequest, claims: AccessTokenPayload, roles: readonly Role[]): void {
    const cached = this.users.cachedForAuthentication(claims.sub);
    if (cached) return this.admit(req, claims, cached, roles);
    RequestContext.identify({ tenantId: claims.tid, userId: claims.sub });
    const read = this.users.authenticationRead(claims.sub);
    RequestContext.defer({
      text: read.text,
      values: read.values,
      accept: (rows) => this.admit(req, claims, read.user(rows), roles),
      run: () => this.authenticate(req, claims, roles),
    });
  }

  /** Accepts the user found for the token, or answers 401 (not found) or 403 (a role the route does not allow). */
  private admit(req: AuthenticatedRequest, claims: AccessTokenPayload, user: AuthUser | null, roles?: readonly Role[]): void {
    if (!user || user.tenantId !== claims.tid) {
      RequestContext.identify({ tenantId: undefined, userId: undefined });
      throw AppException.unauthorized('Access token is invalid or expired');
    }
    req.auth = { userId: user.id, tenantId: user.tenantId, role: user.role, email: user.email };
    RequestContext.identify({ tenantId: user.tenantId, userId: user.id });
    if (roles && !roles.includes(user.role)) throw AppException.forbidden();
  }
}
