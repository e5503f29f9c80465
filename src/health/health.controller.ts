import { applyDecorators, Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { Public, PublicUnlimited } from '../common/auth/access.decorators';
import type { RateLimitBucket } from '../common/http/rate-limit.guard';
import { HealthRead, LivenessRead } from './dto/health.dto';
import { HealthService } from './health.service';

/**
 * An orchestrator's probe: public and never rate limited, since a 429 would take a healthy instance out
 * of rotation (behind a proxy without TRUST_PROXY, probes share one address with all clients).
 */
const Probe = () => applyDecorators(PublicUnlimited(), SkipThrottle({ public: true, api: true, auth: true } satisfies Record<RateLimitBucket, true>));

const answer = (res: Response, body: HealthRead): HealthRead => {
  res.status(body.status === 'ok' ? 200 : 503);
  return body;
};

@ApiTags('health')
@Controller('healthz')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness and database reachability, for load balancers and ops' })
  @ApiOkResponse({ type: HealthRead })
  @ApiServiceUnavailableResponse({ type: HealthRead, description: 'The database does not answer within 2 s' })
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthRead> {
    return answer(res, await this.health.health());
  }

  @Get('live')
  @Probe()
  @ApiOperation({
    summary: 'Liveness probe: the process is up and its event loop answers (never touches the database; still 200 while shutting down)',
  })
  @ApiOkResponse({ type: LivenessRead })
  live(): LivenessRead {
    return this.health.liveness();
  }

  @Get('ready')
  @Probe()
  @ApiOperation({
    summary: 'Readiness probe: 200 when the database answers within 2 s and the instance is not shutting down; route traffic only on 200',
  })
  @ApiOkResponse({ type: HealthRead })
  @ApiServiceUnavailableResponse({
    type: HealthRead,
    description: 'The database does not answer within 2 s (`database: "down"`), or the instance is shutting down and finishing the requests it has',
  })
  async ready(@Res({ passthrough: true }) res: Response): Promise<HealthRead> {
    return answer(res, await this.health.readiness());
  }
}
