import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/auth/access.decorators';
import { AppException } from '../common/errors/app.exception';
import { ErrorEnvelope } from '../common/errors/error-envelope';
import { AppConfig } from '../config/app-config';
import { Prometheus } from './prometheus';

/** Public to the guard: it checks METRICS_TOKEN itself, which is not a user's access token. */
@ApiTags('health')
@Controller('metrics')
export class PrometheusController {
  constructor(
    private readonly prometheus: Prometheus,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Prometheus metrics (text exposition); needs "Authorization: Bearer <METRICS_TOKEN>" when METRICS_TOKEN is set' })
  @ApiOkResponse({
    description: 'Prometheus text format',
    content: { 'text/plain': { schema: { type: 'string', example: 'http_request_duration_seconds_bucket{le="0.005",method="GET",route="/healthz",status="200"} 3' } } },
  })
  @ApiUnauthorizedResponse({ description: 'METRICS_TOKEN is set and was not sent', type: ErrorEnvelope })
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() res: Response): Promise<void> {
    const expected = this.config.METRICS_TOKEN;
    if (expected) {
      const given = Buffer.from(/^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1] ?? '');
      const want = Buffer.from(expected);
      if (given.length !== want.length || !timingSafeEqual(given, want)) throw AppException.unauthorized('A valid metrics token is required');
    }
    res.setHeader('Content-Type', this.prometheus.registry.contentType);
    res.send(await this.prometheus.registry.metrics());
  }
}
