import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { TenantScope } from '../../database/tenant-scope';
import { UsersService } from '../../users/users.service';
import { AppException } from '../errors/app.exception';
import { RequestContext } from '../http/request-context';
import { ACCESS_KEY, AccessRule } from './access.decorators';
import type { AuthenticatedRequest } from './auth-context';
import { VerifiedTokens } from './verified-tokens';

interface AccessTokenPayload {
  sub: number;
  tid: number;
  typ: 'access';
  exp?: number;
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

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return false;
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!rule) throw AppException.forbidden('This route has no access rule');
    // The metrics feature's guard checks its token (the Authorization header is not an access token there).
    if (rule.kind === 'public' || rule.kind === 'metrics-token') return true;
    const bearer = this.bearer(req);
    // The route's own guard checks the invite token or the signature; a bearer token is authenticated here.
    if (rule.kind === 'candidate-token' || rule.kind === 'signature') {
      if (bearer) await this.authenticate(req, bearer);
      return true;
    }
    if (!bearer) throw AppException.unauthorized();
    const auth = await this.authenticate(req, bearer);
    if (!rule.roles.includes(auth.role)) throw AppException.forbidden();
    return true;
  }

  private bearer(req: AuthenticatedRequest): string | undefined {
    const header = req.headers.authorization;
    if (!header) return undefined;
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw AppException.unauthorized('Authorization must be "Bearer <access token>"');
    return match[1];
  }

  private async authenticate(req: AuthenticatedRequest, token: string) {
    let payload = this.verified.get(token);
    if (!payload) {
      try {
        payload = await this.jwt.verifyAsync<AccessTokenPayload>(token);
      } catch {
        throw AppException.unauthorized('Access token is invalid or expired');
      }
      if (payload.typ !== 'access' || !Number.isInteger(payload.sub) || !Number.isInteger(payload.tid)) throw AppException.unauthorized('Access token is invalid');
      this.verified.set(token, payload);
    }
    // Read in the token's organization: a user moved out of it, or deleted, is not found.
    const claims = payload;
    const user = await TenantScope.run(claims.tid, () => this.users.findForAuthentication(claims.sub));
    if (!user || user.tenantId !== payload.tid) throw AppException.unauthorized('Access token is invalid or expired');
    req.auth = { userId: user.id, tenantId: user.tenantId, role: user.role, email: user.email };
    RequestContext.identify({ tenantId: user.tenantId, userId: user.id });
    return req.auth;
  }
}
