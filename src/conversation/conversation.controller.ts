import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ALL_ROLES, HotRead, Roles, WRITERS } from '../common/auth/access.decorators';
import { ErrorEnvelope } from '../common/errors/error-envelope';
import { ApiIdParam, IdParam } from '../common/http/id-param';
import { ApiPage, Page } from '../common/pagination/pagination';
import { ConversationService } from './conversation.service';
import { ConversationMessageRead, ConversationPageQuery, CreateMessageDto } from './dto/conversation.dto';

const NOT_FOUND = { description: 'No such interview in your organization', type: ErrorEnvelope };

@ApiTags('conversation')
@ApiBadRequestResponse({ description: 'Invalid input', type: ErrorEnvelope })
@Controller('conversation')
export class ConversationController {
  constructor(private readonly conversation: ConversationService) {}

  @Post()
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Store a conversation message at its sequence number (idempotent for the same message)' })
  @ApiCreatedResponse({ type: ConversationMessageRead, description: 'Stored' })
  @ApiOkResponse({ type: ConversationMessageRead, description: 'The same message was already stored at this sequence number' })
  @ApiConflictResponse({ description: 'The sequence number holds a different message, or the interview already holds MAX_MESSAGES_PER_INTERVIEW messages (details.reason MESSAGE_LIMIT)', type: ErrorEnvelope })
  @ApiNotFoundResponse(NOT_FOUND)
  async post(@Body() dto: CreateMessageDto, @Res({ passthrough: true }) res: Response): Promise<ConversationMessageRead> {
    const { message, created } = await this.conversation.post(dto);
    res.status(created ? 201 : 200);
    return message;
  }

  @Get(':interview_id')
  @Roles(...ALL_ROLES)
  @HotRead()
  @ApiIdParam('interview_id', 'Interview id')
  @ApiOperation({ summary: "The interview's messages in sequence_number order (100 per page by default)" })
  @ApiPage(ConversationMessageRead)
  @ApiNotFoundResponse(NOT_FOUND)
  list(@IdParam('interview_id') interviewId: number, @Query() query: ConversationPageQuery): Promise<Page<ConversationMessageRead>> {
    return this.conversation.list(interviewId, query);
  }
}
