import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentAuth, Roles } from '../common/auth/access.decorators';
import type { AuthContext } from '../common/auth/auth-context';
import { ApiPage, Page, PageQueryDto } from '../common/pagination/pagination';
import { OutboxMessageRead } from './dto/outbox-message.dto';
import { OutboxRepository } from './outbox.repository';

/** Registered only outside production (see MailModule). */
@ApiTags('dev')
@Controller('dev/outbox')
export class DevOutboxController {
  constructor(private readonly outbox: OutboxRepository) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: "Recent e-mails of the caller's organization, newest first (not available in production)" })
  @ApiPage(OutboxMessageRead)
  async list(@CurrentAuth() auth: AuthContext, @Query() query: PageQueryDto): Promise<Page<OutboxMessageRead>> {
    const [rows, total] = await this.outbox.recentForTenant(auth.tenantId, query.offset, query.per_page);
    return Page.of(rows, total, query, OutboxMessageRead.from);
  }
}
