import { applyDecorators, CanActivate, createParamDecorator, ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { CandidateTokenRule } from '../common/auth/access.decorators';
import { AppException } from '../common/errors/app.exception';
import { InvitesService, ResolvedInvite } from './invites.service';

type InviteRequest = Request & { invite?: ResolvedInvite };

/** The invite token a candidate-app request carries: in the path, the query or the JSON body. */
function tokenOf(req: Request): string | undefined {
  for (const source of [req.params, req.query, req.body] as Array<Record<string, unknown> | undefined>) {
    const token = source && typeof source === 'object' ? source.token : undefined;
    if (typeof token === 'string') return token;
  }
  return undefined;
}

/**
 * Authenticates the candidate app: the invite token must be live (not expired, revoked, used up by a
 * cancelled interview or erased), else INVALID_TOKEN, one answer for all. From here the request acts for
 * the token's organization, and the handler gets the resolved invite (`@CurrentInvite()`). A request that
 * sends no token is left to its input validation (and, where the route accepts one, a bearer token).
 */
@Injectable()
export class CandidateTokenGuard implements CanActivate {
  constructor(private readonly invites: InvitesService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<InviteRequest>();
    const token = tokenOf(req);
    if (token !== undefined) req.invite = await this.invites.resolve(token);
    return true;
  }
}

/** The route's credential is a candidate's invite token, checked by CandidateTokenGuard. */
export const CandidateToken = () => applyDecorators(CandidateTokenRule(), UseGuards(CandidateTokenGuard));

/** The invite CandidateTokenGuard resolved, or undefined when the request sent no token. */
export const CurrentInvite = createParamDecorator((_: unknown, ctx: ExecutionContext): ResolvedInvite | undefined => ctx.switchToHttp().getRequest<InviteRequest>().invite);

/** The invite, where the route needs one (its input validation has already asked for the token). */
export function requireInvite(invite: ResolvedInvite | undefined): ResolvedInvite {
  if (!invite) throw AppException.invalidToken();
  return invite;
}
