import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { ErrorEnvelope } from '../common/errors/error-envelope';
import { MetricsToken } from './metrics-token.guard';
import { Prometheus } from './prometheus';

/** Scraped by Prometheus with METRICS_TOKEN (see MetricsTokenGuard). */
@ApiTags('health')
@Controller('metrics')
export class PrometheusController {
  constructor(private readonly prometheus: Prometheus) {}

  @Get()
  @MetricsToken()
  @ApiOperation({ summary: 'Prometheus metrics (text exposition); needs "Authorization: Bearer <METRICS_TOKEN>" when METRICS_TOKEN is set' })
  @ApiOkResponse({
    description: 'Prometheus text format',
    content: { 'text/plain': { schema: { type: 'string', example: 'http_request_duration_seconds_bucket{le="0.005",method="GET",route="/healthz",status="200"} 3' } } },
  })
  @ApiUnauthorizedResponse({ description: 'METRICS_TOKEN is set and was not sent', type: ErrorEnvelope })
  async scrape(@Res() res: Response): Promise<void> {
    res.setHeader('Content-Type', this.prometheus.registry.contentType);
    res.send(await this.prometheus.registry.metrics());
  }
}
