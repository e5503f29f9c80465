import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { HotReads, isoTimestamp } from '../database/hot-reads';
import { ConversationMessage } from './conversation-message.entity';

export type NewMessage = Pick<ConversationMessage, 'tenantId' | 'interviewId' | 'role' | 'content' | 'sequenceNumber' | 'questionId'> & {
  idempotencyKey?: string | null;
};

@Injectable()
export class ConversationRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly hot: HotReads,
  ) {}

  private repo(manager: EntityManager = this.db.manager) {
    return manager.getRepository(ConversationMessage);
  }

  /**
   * One page in sequence_number order, as the API's JSON array rendered by the database, and the interview's
   * message count (an index-only subquery bounded by MAX_MESSAGES_PER_INTERVIEW), in one round trip; served
   * by the unique (interview_id, sequence_number) index. This is the hottest read of the API (see HotReads).
   * An empty page carries no count: the caller counts (and checks that the interview exists) only then.
   */
  async pageForInterview(tenantId: number, interviewId: number, offset: number, limit: number): Promise<{ json: string; total: number | null }> {
    const [page] = await this.hot.rows<{ total: string | null; items: string | null }>(
      // Each message's JSON is written out field by field (only the strings go through to_json, which escapes
      // them): a tenth cheaper for both processes than row_to_json on this, the API's hottest read.
      `SELECT max(m.total) AS total,
              '[' || string_agg('{"id":' || m.id || ',"interview_id":' || m.interview_id || ',"role":' || to_json(m.role::text)
                || ',"content":' || to_json(m.content) || ',"sequence_number":' || m.sequence_number
                || ',"timestamp":"' || ${isoTimestamp('m.created_at')} || '"}', ',' ORDER BY m.sequence_number) || ']' AS items
       FROM (SELECT id, interview_id, role, content, sequence_number, created_at,
                    (SELECT count(*) FROM conversation_messages WHERE tenant_id = $1 AND interview_id = $2) AS total
             FROM conversation_messages WHERE tenant_id = $1 AND interview_id = $2
             ORDER BY sequence_number OFFSET $3 LIMIT $4) m`,
      [tenantId, interviewId, offset, limit],
    );
    return { json: page.items ?? '[]', total: page.total === null ? null : Number(page.total) };
  }

  allForInterview(manager: EntityManager, tenantId: number, interviewId: number): Promise<ConversationMessage[]> {
    return this.repo(manager).find({ where: { tenantId, interviewId }, order: { sequenceNumber: 'ASC' } });
  }

  /** Bounded by MAX_MESSAGES_PER_INTERVIEW; served by the (interview_id, sequence_number) index. */
  countForInterview(manager: EntityManager, tenantId: number, interviewId: number): Promise<number> {
    return this.repo(manager).countBy({ tenantId, interviewId });
  }

  /** The candidate's answers in order (raw SQL: only the text is needed, not hydrated entities). */
  async answersForInterview(tenantId: number, interviewId: number, manager: EntityManager = this.db.manager): Promise<string[]> {
    const rows: Array<{ content: string }> = await manager.query(
      `SELECT content FROM conversation_messages WHERE tenant_id = $1 AND interview_id = $2 AND role = 'user' ORDER BY sequence_number`,
      [tenantId, interviewId],
    );
    return rows.map((r) => r.content);
  }

  findBySequence(tenantId: number, interviewId: number, sequenceNumber: number, manager?: EntityManager): Promise<ConversationMessage | null> {
    return this.repo(manager).findOneBy({ tenantId, interviewId, sequenceNumber });
  }

  /** Inserts unless the sequence number is taken; returns the new row or null (the unique index decides). */
  async insertIfAbsent(message: NewMessage, manager?: EntityManager): Promise<ConversationMessage | null> {
    const result = await this.repo(manager).createQueryBuilder().insert().values(message).orIgnore().returning(['id']).execute();
    const row = result.raw[0] as { id: number } | undefined;
    return row ? this.repo(manager).findOneByOrFail({ id: Number(row.id) }) : null;
  }

  async append(manager: EntityManager, message: NewMessage): Promise<ConversationMessage> {
    return this.repo(manager).save(this.repo(manager).create(message));
  }
}
