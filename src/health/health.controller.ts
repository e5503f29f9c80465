import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Response } from 'express';
import { Public } from '../common/auth/access.decorators';
import { APP_VERSION } from '../common/version';
import { HealthRead } from './dto/health.dto';

@ApiTags('health')
@Controller('healthz')
export class HealthController {
  constructor(private readonly db: TypeOrmHealthIndicator) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness and database reachability, for load balancers and ops' })
  @ApiOkResponse({ type: HealthRead })
  @ApiServiceUnavailableResponse({ type: HealthRead, description: 'The database does not answer within 2 s' })
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthRead> {
    let up: boolean;
    try {
      const result = await this.db.pingCheck('database', { timeout: 2000 });
      up = result.database?.status === 'up';
    } catch {
      up = false;
    }
    res.status(up ? 200 : 503);
    return { status: up ? 'ok' : 'error', database: up ? 'up' : 'down', version: APP_VERSION };
  }
}
