import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { OptionalAuth } from '../common/auth/access.decorators';
import { CandidateToken, CurrentInvite } from '../invites/candidate-token.guard';
import type { ResolvedInvite } from '../invites/invites.service';
import type { AuthContext } from '../common/auth/auth-context';
import { ErrorEnvelope } from '../common/errors/error-envelope';
import { LogUploadDto, OkResponse } from './dto/log-upload.dto';
import { MetricsService } from './metrics.service';

@ApiTags('metrics')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Post('log-upload')
  @CandidateToken()
  @HttpCode(200)
  @ApiOperation({ summary: "Report one upload's duration and outcome (candidate token in the body, or an admin/recruiter bearer token)" })
  @ApiOkResponse({ type: OkResponse })
  @ApiBadRequestResponse({ description: 'Invalid input or INVALID_TOKEN', type: ErrorEnvelope })
  @ApiUnauthorizedResponse({ description: 'Neither a token nor a bearer access token', type: ErrorEnvelope })
  @ApiForbiddenResponse({ description: 'readonly users cannot report', type: ErrorEnvelope })
  @ApiNotFoundResponse({ description: 'interview_id is not yours', type: ErrorEnvelope })
  async logUpload(@OptionalAuth() auth: AuthContext | undefined, @CurrentInvite() invite: ResolvedInvite | undefined, @Body() dto: LogUploadDto): Promise<OkResponse> {
    await this.metrics.logUpload(auth, invite, dto);
    return { ok: true };
  }
}
