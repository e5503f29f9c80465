import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { Signature } from '../common/auth/access.decorators';
import { ErrorEnvelope } from '../common/errors/error-envelope';
import { OkResponse } from '../metrics/dto/log-upload.dto';
import { AnalysisReadyDto } from './dto/webhook.dto';
import { SIGNATURE_HEADER } from './signature';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post('analysis-ready')
  @Signature()
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
  async analysisReady(@Req() req: Request & { rawBody?: Buffer }, @Headers(SIGNATURE_HEADER.toLowerCase()) signature: string | undefined): Promise<OkResponse> {
    await this.webhooks.analysisReady(req.rawBody, signature, req.body);
    return { ok: true };
  }
}
