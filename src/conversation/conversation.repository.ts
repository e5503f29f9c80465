import { Injectable } from '@nestjs/common';
import { apiTimestamps, HotReads, utcTimestamp } from '../database/hot-reads';
import { RenderedItems } from '../common/pagination/pagination';
import { TenantRepository } from '../database/tenant-repository';
import { REMEMBERED_PAGES_CHARS, VersionedCache } from '../database/versioned-cache';
import { ConversationMessage } from './conversation-message.entity';

export type NewMessage = Pick<ConversationMessage, 'interviewId' | 'role' | 'content' | 'sequenceNumber' | 'questionId'> & {
  idempotencyKey?: string | null;
};

const MESSAGE_TIMES = ['timestamp'];

/** The version of an interview's conversation (see the ConversationVersions migration); no row, no version. */
const CONVERSATION_VERSION = 'SELECT version::text FROM conversation_versions WHERE tenant_id = $1 AND interview_id = $2';

@Injectable()
export class ConversationRepository extends TenantRepository {
  private readonly pages = new VersionedCache<{ items: RenderedItems; total: number | null }>(REMEMBERED_PAGES_CHARS);

  constructor(private readonly hot: HotReads) {
    super();
  }

  /**
   * One page in sequence_number order, as the API's JSON array rendered by the database (times respelled by
   * apiTimestamps), and the interview's message count (an index-only subquery bounded by
   * MAX_MESSAGES_PER_INTERVIEW), in one round trip; served by the unique (interview_id, sequence_number) index.
   * This is the hottest read of the API (see HotReads).
   * An empty page carries no count: the caller counts (and checks that the interview exists) only then.
   * A page is remembered with the version of its interview's conversation (conversation_versions), as the
   * candidate lists are (see CandidatesRepository.page and HotReads.remembered).
   */
  async pageForInterview(interviewId: number, offset: number, limit: number): Promise<{ items: RenderedItems; total: number | null }> {
    const key = JSON.stringify([this.tenantId, interviewId, offset, limit]);
    const version = { text: CONVERSATION_VERSION, values: [this.tenantId, interviewId] };
    return this.hot.remembered(this.pages, key, version, async () => {
      const [page] = await this.hot.rows<{ version: string | null; total: string | null; items: string | null }>(
        // The count runs only for a non-empty page (an initplan runs only when its CASE branch is taken).
        `SELECT (${CONVERSATION_VERSION}) AS version,
                CASE WHEN count(*) > 0 THEN (SELECT count(*) FROM conversation_messages WHERE tenant_id = $1 AND interview_id = $2) END AS total,
                json_agg(m ORDER BY m.sequence_number)::text AS items
         FROM (SELECT id, interview_id, role, content, sequence_number, ${utcTimestamp('created_at')} AS "timestamp"
               FROM conversation_messages WHERE tenant_id = $1 AND interview_id = $2
               ORDER BY sequence_number OFFSET $3 LIMIT $4) m`,
        [this.tenantId, interviewId, offset, limit],
        { genericPlan: true },
      );
      const items = new RenderedItems(page.items === null ? '[]' : apiTimestamps(page.items, MESSAGE_TIMES));
      return { version: page.version, value: { items, total: page.total === null ? null : Number(page.total) }, size: items.json.length };
    });
  }

  allForInterview(interviewId: number): Promise<ConversationMessage[]> {
    return this.with(ConversationMessage, (r) => r.find({ where: { tenantId: this.tenantId, interviewId }, order: { sequenceNumber: 'ASC' } }));
  }

  /** Bounded by MAX_MESSAGES_PER_INTERVIEW; served by the (interview_id, sequence_number) index. */
  countForInterview(interviewId: number): Promise<number> {
    return this.with(ConversationMessage, (r) => r.countBy({ tenantId: this.tenantId, interviewId }));
  }

  /** The candidate's answers in order (raw SQL: only the text is needed, not hydrated entities). */
  async answersForInterview(interviewId: number): Promise<string[]> {
    const rows: Array<{ content: string }> = await this.run((m) =>
      m.query(`SELECT content FROM conversation_messages WHERE tenant_id = $1 AND interview_id = $2 AND role = 'user' ORDER BY sequence_number`, [
        this.tenantId,
        interviewId,
      ]),
    );
    return rows.map((r) => r.content);
  }

  findBySequence(interviewId: number, sequenceNumber: number): Promise<ConversationMessage | null> {
    return this.with(ConversationMessage, (r) => r.findOneBy({ tenantId: this.tenantId, interviewId, sequenceNumber }));
  }

  /** Inserts unless the sequence number is taken; returns the new row or null (the unique index decides). */
  async insertIfAbsent(message: NewMessage): Promise<ConversationMessage | null> {
    return this.with(ConversationMessage, async (r) => {
      const result = await r.createQueryBuilder().insert().values({ ...message, tenantId: this.tenantId }).orIgnore().returning(['id']).execute();
      const row = result.raw[0] as { id: number } | undefined;
      return row ? r.findOneByOrFail({ tenantId: this.tenantId, id: Number(row.id) }) : null;
    });
  }

  append(message: NewMessage): Promise<ConversationMessage> {
    return this.with(ConversationMessage, (r) => r.save(r.create({ ...message, tenantId: this.tenantId })));
  }
}
