import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentAuth, Roles } from '../common/auth/access.decorators';
import type { AuthContext } from '../common/auth/auth-context';
import { AppException } from '../common/errors/app.exception';
import { ErrorEnvelope } from '../common/errors/error-envelope';
import { RetentionBusyError, RetentionReport, RetentionService } from './retention.service';

class RemovedCounts {
  @ApiProperty({ type: 'integer', example: 1200 }) access_logs!: number;
  @ApiProperty({ type: 'integer', example: 5400, description: 'Latency samples and request counters' }) metric_samples!: number;
  @ApiProperty({ type: 'integer', example: 12, description: 'Expired or revoked invite, refresh and password-setup tokens' }) tokens!: number;
  @ApiProperty({ type: 'integer', example: 40, description: 'Sent e-mails and webhook deliveries' }) outbox!: number;
  @ApiProperty({ type: 'integer', example: 3 }) candidates!: number;
  @ApiProperty({ type: 'integer', example: 5, description: 'Stored media objects' }) objects!: number;
}

class RetentionReportRead {
  @ApiProperty({ example: '2026-11-22T03:00:00.000Z' }) started_at!: string;
  @ApiProperty({ example: '2026-11-22T03:00:02.310Z' }) finished_at!: string;
  @ApiProperty({ type: RemovedCounts }) removed!: RemovedCounts;
}

@ApiTags('retention')
@Controller('admin')
export class RetentionController {
  constructor(private readonly retention: RetentionService) {}

  @Post('retention\\:run')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary: "Purge your organization's data past retention now",
    description:
      'Access logs older than ACCESS_LOG_RETENTION_DAYS; latency samples, dead tokens and sent e-mails/webhooks older than 30 days; ' +
      "candidates inactive longer than the organization's candidate_retention_days (with everything about them).",
  })
  @ApiOkResponse({ type: RetentionReportRead })
  @ApiConflictResponse({ description: 'A purge is already running', type: ErrorEnvelope })
  async run(@CurrentAuth() auth: AuthContext): Promise<RetentionReport> {
    try {
      return await this.retention.run({ tenantId: auth.tenantId });
    } catch (e) {
      if (e instanceof RetentionBusyError) throw AppException.conflict(e.message);
      throw e;
    }
  }
}
