import { Injectable } from '@nestjs/common';
import { AuthContext } from '../common/auth/auth-context';
import { AppException } from '../common/errors/app.exception';
import { Page } from '../common/pagination/pagination';
import { InterviewsService } from '../interviews/interviews.service';
import { ConversationRepository } from './conversation.repository';
import { ConversationMessageRead, ConversationPageQuery, CreateMessageDto } from './dto/conversation.dto';

@Injectable()
export class ConversationService {
  constructor(
    private readonly messages: ConversationRepository,
    private readonly interviews: InterviewsService,
  ) {}

  /**
   * Stores a message at its sequence number. The same number with the same role and content returns the
   * stored message (a client retry), with anything else 409.
   */
  async post(auth: AuthContext, dto: CreateMessageDto): Promise<{ message: ConversationMessageRead; created: boolean }> {
    const interview = await this.interviews.require(auth.tenantId, dto.interview_id);
    const fields = { tenantId: auth.tenantId, interviewId: interview.id, role: dto.role, content: dto.content, sequenceNumber: dto.sequence_number, questionId: null };
    const created = await this.messages.insertIfAbsent(fields);
    if (created) return { message: ConversationMessageRead.from(created), created: true };
    const existing = await this.messages.findBySequence(auth.tenantId, interview.id, dto.sequence_number);
    if (!existing || existing.role !== dto.role || existing.content !== dto.content) {
      throw AppException.conflict(`Sequence number ${dto.sequence_number} already holds another message`, { sequence_number: dto.sequence_number });
    }
    return { message: ConversationMessageRead.from(existing), created: false };
  }

  async list(auth: AuthContext, interviewId: number, query: ConversationPageQuery): Promise<Page<ConversationMessageRead>> {
    await this.interviews.require(auth.tenantId, interviewId);
    const [rows, total] = await this.messages.pageForInterview(auth.tenantId, interviewId, query.offset, query.per_page);
    return Page.of(rows, total, query, ConversationMessageRead.from);
  }
}
