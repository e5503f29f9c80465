import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/access.decorators';
import { ErrorEnvelope } from '../common/errors/error-envelope';
import { ApiPage, Page } from '../common/pagination/pagination';
import { AccessLogsRepository } from './access-logs.repository';
import { AccessLogQuery, AccessLogRead } from './dto/access-log.dto';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly logs: AccessLogsRepository) {}

  @Get('access-logs')
  @Roles('admin')
  @ApiOperation({ summary: "Requests to /api/v1 made with your organization's credentials or candidate links, newest first" })
  @ApiPage(AccessLogRead)
  @ApiBadRequestResponse({ description: 'Invalid filter', type: ErrorEnvelope })
  async list(@Query() query: AccessLogQuery): Promise<Page<AccessLogRead>> {
    const [rows, total] = await this.logs.page(
      { userId: query.user_id, pathPrefix: query.path, status: query.status, from: query.from, to: query.to },
      query.offset,
      query.per_page,
    );
    return Page.of(rows, total, query, AccessLogRead.from);
  }
}
