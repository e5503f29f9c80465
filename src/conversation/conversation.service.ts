import { Injectable } from '@nestjs/common';
import { AppException } from '../common/errors/app.exception';
import { Page } from '../common/pagination/pagination';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { InterviewsService } from '../interviews/interviews.service';
import { ConversationMessage } from './conversation-message.entity';
import { ConversationRepository, NewMessage } from './conversation.repository';
import { ConversationMessageRead, ConversationPageQuery, CreateMessageDto } from './dto/conversation.dto';

@Injectable()
export class ConversationService {
  constructor(
    private readonly database: Database,
    private readonly config: AppConfig,
    private readonly messages: ConversationRepository,
    private readonly interviews: InterviewsService,
  ) {}

  /**
   * Stores a message at its sequence number. The same number with the same role and content returns the
   * stored message (a client retry), with anything else 409.
   */
  async post(dto: CreateMessageDto): Promise<{ message: ConversationMessageRead; created: boolean }> {
    return this.database.transaction(async () => {
      // The row lock makes count-then-insert exact under concurrent posts to one interview.
      const interview = await this.interviews.lock(dto.interview_id);
      if (!interview) throw AppException.notFound('Interview');
      const existing = await this.messages.findBySequence(interview.id, dto.sequence_number);
      if (existing) {
        if (existing.role !== dto.role || existing.content !== dto.content) {
          throw AppException.conflict(`Sequence number ${dto.sequence_number} already holds another message`, { sequence_number: dto.sequence_number });
        }
        return { message: ConversationMessageRead.from(existing), created: false };
      }
      await this.assertRoom(interview.id, 1);
      const fields = { interviewId: interview.id, role: dto.role, content: dto.content, sequenceNumber: dto.sequence_number, questionId: null };
      const created = await this.messages.insertIfAbsent(fields);
      if (!created) throw AppException.conflict(`Sequence number ${dto.sequence_number} already holds another message`, { sequence_number: dto.sequence_number });
      return { message: ConversationMessageRead.from(created), created: true };
    });
  }

  /** 409 when `adding` more messages would take the interview past MAX_MESSAGES_PER_INTERVIEW. Call it holding the interview's row lock. */
  async assertRoom(interviewId: number, adding: number, held?: number): Promise<void> {
    const max = this.config.MAX_MESSAGES_PER_INTERVIEW;
    const count = held ?? (await this.messages.countForInterview(interviewId));
    if (count + adding > max) {
      throw AppException.conflict(`An interview holds at most ${max} messages`, { reason: 'MESSAGE_LIMIT', max_messages: max });
    }
  }

  async list(interviewId: number, query: ConversationPageQuery): Promise<Page<ConversationMessageRead>> {
    // Messages carry their interview's tenant: a non-empty page proves the interview is this tenant's.
    const { items, total } = await this.messages.pageForInterview(interviewId, query.offset, query.per_page);
    if (total !== null) return Page.rendered(items, total, query);
    await this.interviews.require(interviewId);
    return new Page([], await this.messages.countForInterview(interviewId), query.page, query.per_page);
  }

  /** The interview's messages in order, in the ambient transaction. */
  history(interviewId: number): Promise<ConversationMessage[]> {
    return this.messages.allForInterview(interviewId);
  }

  /** Appends a message in the ambient transaction (the caller holds the interview's lock and checked assertRoom). */
  append(message: NewMessage): Promise<ConversationMessage> {
    return this.messages.append(message);
  }

  /** The candidate's answers in order (for scoring). */
  answers(interviewId: number): Promise<string[]> {
    return this.messages.answersForInterview(interviewId);
  }
}
