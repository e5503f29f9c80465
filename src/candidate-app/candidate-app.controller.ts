import { Body, Controller, Get, Headers, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AppException } from '../common/errors/app.exception';
import { ErrorEnvelope } from '../common/errors/error-envelope';
import { CandidateToken, CurrentInvite, requireInvite } from '../invites/candidate-token.guard';
import type { ResolvedInvite } from '../invites/invites.service';
import { CandidateAppService } from './candidate-app.service';
import { AnswerDto, AnswerRead, ConsentDto, OkRead, PublicInterviewRead, StartRead } from './dto/candidate-app.dto';

const TOKEN_PARAM = { name: 'token', type: String, description: 'The invite token from the link', example: 'Yc3q…' };
const INVALID = { description: 'INVALID_TOKEN (unknown, expired or revoked: one answer for all) or invalid input', type: ErrorEnvelope };

@ApiTags('candidate app')
@ApiParam(TOKEN_PARAM)
@ApiBadRequestResponse(INVALID)
@Controller('public/interviews/:token')
export class CandidateAppController {
  constructor(private readonly app: CandidateAppService) {}

  @Get()
  @CandidateToken()
  @ApiOperation({ summary: 'What the candidate sees first: first name, position, company, status, expiry, questions, consent' })
  @ApiOkResponse({ type: PublicInterviewRead })
  info(@Param('token') _token: string, @CurrentInvite() invite: ResolvedInvite | undefined): Promise<PublicInterviewRead> {
    return this.app.info(requireInvite(invite));
  }

  @Post('consent')
  @CandidateToken()
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the candidate’s consent (time, IP, consent text version)' })
  @ApiOkResponse({ type: PublicInterviewRead })
  consent(@Param('token') _token: string, @Body() _dto: ConsentDto, @Req() req: Request, @CurrentInvite() invite: ResolvedInvite | undefined): Promise<PublicInterviewRead> {
    return this.app.consent(requireInvite(invite), req.ip);
  }

  @Post('start')
  @CandidateToken()
  @HttpCode(200)
  @ApiOperation({ summary: 'Start the interview and get the first question; later calls return the current question' })
  @ApiOkResponse({ type: StartRead })
  @ApiConflictResponse({ description: 'Consent required first (details.reason CONSENT_REQUIRED), or the interview is over', type: ErrorEnvelope })
  start(@Param('token') _token: string, @CurrentInvite() invite: ResolvedInvite | undefined): Promise<StartRead> {
    return this.app.start(requireInvite(invite));
  }

  @Post('messages')
  @CandidateToken()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Answer the current question; get the next one, or the closing message with is_complete true',
    description: 'Send an Idempotency-Key per answer: retrying a request with the same key returns the stored exchange instead of answering again.',
  })
  @ApiHeader({ name: 'idempotency-key', required: false, description: 'Unique per answer (1–100 characters: letters, digits, - _ . :)', example: 'answer-3-5f2c' })
  @ApiOkResponse({ type: AnswerRead })
  @ApiConflictResponse({ description: 'Not started yet, the interview is over, or it holds MAX_MESSAGES_PER_INTERVIEW messages (details.reason MESSAGE_LIMIT)', type: ErrorEnvelope })
  answer(
    @Param('token') _token: string,
    @Body() dto: AnswerDto,
    @CurrentInvite() invite: ResolvedInvite | undefined,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<AnswerRead> {
    if (idempotencyKey !== undefined && !/^[\w.:-]{1,100}$/.test(idempotencyKey)) {
      throw AppException.validation('Idempotency-Key must be 1–100 characters: letters, digits, - _ . :');
    }
    return this.app.answer(requireInvite(invite), dto.content, idempotencyKey);
  }

  @Post('request-human')
  @CandidateToken()
  @HttpCode(200)
  @ApiOperation({ summary: 'Ask to talk to a person: the interview is flagged and its recruiter e-mailed (once)' })
  @ApiOkResponse({ type: OkRead })
  async requestHuman(@Param('token') _token: string, @CurrentInvite() invite: ResolvedInvite | undefined): Promise<OkRead> {
    await this.app.requestHuman(requireInvite(invite));
    return { ok: true };
  }
}
