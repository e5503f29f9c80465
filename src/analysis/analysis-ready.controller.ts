import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorEnvelope } from '../common/errors/error-envelope';
import { OkResponse } from '../metrics/dto/log-upload.dto';
import { AnalysisReadyDto } from '../analysis/dto/analysis-ready.dto';
import { AnalysisService } from '../analysis/analysis.service';
import { SIGNATURE_HEADER } from '../webhooks/signature';
import { SignedWebhook } from '../webhooks/signed-webhook.guard';

@ApiTags('webhooks')
@Controller('webhooks')
/** Inbound webhooks (signed by the organization, see SignedWebhookGuard); they concern analyses, so they live here. */
export class WebhooksController {
  constructor(private readonly analysis: AnalysisService) {}

  @Post('analysis-ready')
  @SignedWebhook()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Mark an analysis ready and notify (recruiter e-mail, outbound webhook)',
    description:
      'Signed with the organization\'s webhook secret: `X-Hirevision-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. ' +
      'Signatures older or newer than 5 minutes, or seen before, are refused.',
  })
  @ApiHeader({ name: SIGNATURE_HEADER, required: true, example: 't=1795312000,v1=5f2c…' })
  @ApiBody({ type: AnalysisReadyDto })
  @ApiOkResponse({ type: OkResponse })
  @ApiUnauthorizedResponse({ description: 'Missing, invalid, expired or replayed signature (nothing changes)', type: ErrorEnvelope })
  @ApiBadRequestResponse({ description: 'Signed, but the body is invalid', type: ErrorEnvelope })
  @ApiNotFoundResponse({ description: 'No such interview or analysis in the organization', type: ErrorEnvelope })
  async analysisReady(@Body() body: unknown): Promise<OkResponse> {
    await this.analysis.announceFromWebhook(body);
    return { ok: true };
  }
}
