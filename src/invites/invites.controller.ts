import { Body, Controller, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CandidateRead } from '../candidates/dto/candidate.dto';
import { CurrentAuth, Roles, WRITERS } from '../common/auth/access.decorators';
import type { AuthContext } from '../common/auth/auth-context';
import { ErrorEnvelope } from '../common/errors/error-envelope';
import { ApiIdParam, IdParam } from '../common/http/id-param';
import { SendLinkDto, SendLinkRead, VerifyTokenQuery } from './dto/invite.dto';
import { CandidateToken, CurrentInvite, requireInvite } from './candidate-token.guard';
import { InvitesService, ResolvedInvite } from './invites.service';

@ApiTags('invites')
@Controller()
export class InvitesController {
  constructor(private readonly invites: InvitesService) {}

  @Post('candidates/:id/send-link')
  @Roles(...WRITERS)
  @HttpCode(200)
  @ApiIdParam('id', 'Candidate id')
  @ApiOperation({ summary: 'E-mail the candidate a new interview link (the previous link of that interview stops working)' })
  @ApiOkResponse({ type: SendLinkRead })
  @ApiBadRequestResponse({ description: 'Invalid input (ttl_hours 1..720)', type: ErrorEnvelope })
  @ApiNotFoundResponse({ description: 'No such candidate (or interview of theirs) in your organization', type: ErrorEnvelope })
  @ApiConflictResponse({ description: 'The interview is completed or cancelled', type: ErrorEnvelope })
  sendLink(@CurrentAuth() auth: AuthContext, @IdParam() id: number, @Body() dto: SendLinkDto): Promise<SendLinkRead> {
    return this.invites.sendLink(auth, id, dto);
  }

  @Post('tokens/verify')
  @CandidateToken()
  @HttpCode(200)
  @ApiOperation({ summary: 'Check an invite token and return its candidate; the first successful check sets used_at unless mark_used=false' })
  @ApiOkResponse({ type: CandidateRead })
  @ApiBadRequestResponse({ description: 'INVALID_TOKEN: unknown, expired, revoked or erased (one answer for all)', type: ErrorEnvelope })
  verify(@Query() query: VerifyTokenQuery, @CurrentInvite() invite: ResolvedInvite | undefined): Promise<CandidateRead> {
    return this.invites.verify(requireInvite(invite), query.mark_used ?? true);
  }
}
