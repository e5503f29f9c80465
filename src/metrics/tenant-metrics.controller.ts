import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ALL_ROLES, Roles } from '../common/auth/access.decorators';
import { ErrorEnvelope } from '../common/errors/error-envelope';
import { MetricsQuery, MetricsRead } from './dto/metrics.dto';
import { MetricsService } from './metrics.service';

/**
 * Served at /api/v1/metrics. Declared with the full path (and excluded from the global prefix) because
 * the ops endpoint GET /metrics has the same relative path.
 */
@ApiTags('metrics')
@Controller('api/v1/metrics')
export class TenantMetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: "Upload and analysis p95 latency, error rate and errors by code for your organization over a window" })
  @ApiOkResponse({ type: MetricsRead })
  @ApiBadRequestResponse({ description: 'window must be 1h, 24h or 7d', type: ErrorEnvelope })
  read(@Query() query: MetricsQuery): Promise<MetricsRead> {
    return this.metrics.read(query.window ?? '24h');
  }
}
