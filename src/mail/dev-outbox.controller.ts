import { Controller, Get, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/access.decorators';
import { ErrorEnvelope } from '../common/errors/error-envelope';
import { ApiPage, Page, PageQueryDto } from '../common/pagination/pagination';
import { OutboxMessageRead } from './dto/outbox-message.dto';
import { MailProvider } from './mail-provider';
import { MockMailProvider } from './mock.provider';
import { OutboxRepository } from './outbox.repository';

/** Registered only outside production (see MailModule). */
@ApiTags('dev')
@Controller('dev/outbox')
export class DevOutboxController {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly provider: MailProvider,
  ) {}

  @Get()
  @Roles('admin')
  @ApiOperation({
    summary: "Recent e-mails of the caller's organization, newest first (not available in production)",
    description: 'Bodies as the mock provider delivered them in this process; otherwise as stored, with the action link (a one-time token) left out.',
  })
  @ApiPage(OutboxMessageRead)
  @ApiNotFoundResponse({ description: 'NODE_ENV=production: the route does not exist', type: ErrorEnvelope })
  async list(@Query() query: PageQueryDto): Promise<Page<OutboxMessageRead>> {
    const [rows, total] = await this.outbox.recent(query.offset, query.per_page);
    // Stored bodies hold no links; the mock provider remembers what it delivered in this process.
    const inbox = this.provider instanceof MockMailProvider ? this.provider : undefined;
    return Page.of(rows, total, query, (row) => OutboxMessageRead.from(row, inbox?.delivered(`outbox-${row.id}`)));
  }
}
