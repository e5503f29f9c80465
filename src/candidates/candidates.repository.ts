import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, MoreThan } from 'typeorm';
import { OutboxMessage } from '../mail/outbox-message.entity';
import { HotReads, isoTimestamp } from '../database/hot-reads';
import { WebhookDelivery } from '../webhooks/webhook-delivery.entity';
import { Candidate, CANDIDATE_SEARCH_VECTOR, CandidateStatus } from './candidate.entity';

/** Totals are counted exactly up to this many matching candidates; beyond, they are estimated. */
export const COUNT_CAP = 10_000;

export type NewCandidate = Pick<Candidate, 'tenantId' | 'jobId' | 'name' | 'email' | 'phone' | 'resumeText' | 'skills' | 'yearsExperience'>;

export interface CandidateFilter {
  jobId?: number;
  status?: CandidateStatus;
  tsQuery: string | null;
}

/** Outbox rows about a candidate carry this reference, so erasure can find them. */
export const candidateRef = (id: number): string => `candidate:${id}`;

@Injectable()
export class CandidatesRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly hot: HotReads,
  ) {}

  private repo(manager: EntityManager = this.db.manager) {
    return manager.getRepository(Candidate);
  }

  create(fields: NewCandidate): Promise<Candidate> {
    return this.repo().save(this.repo().create({ ...fields, status: 'new' }));
  }

  /** Inserts unless the job already has this e-mail; answers the new id or null (atomic under concurrency). */
  async insertIfAbsent(fields: NewCandidate): Promise<number | null> {
    const result = await this.repo()
      .createQueryBuilder()
      .insert()
      .values({ ...fields, status: 'new' })
      .orIgnore()
      .returning(['id'])
      .execute();
    const row = result.raw[0] as { id: number } | undefined;
    return row ? Number(row.id) : null;
  }

  findForTenant(tenantId: number, id: number, manager?: EntityManager): Promise<Candidate | null> {
    return this.repo(manager).findOneBy({ tenantId, id });
  }

  /** Row-locks the candidate: invites and interviews of one candidate are created one at a time. */
  lockForTenant(manager: EntityManager, tenantId: number, id: number): Promise<Candidate | null> {
    return this.repo(manager).createQueryBuilder('c').setLock('pessimistic_write').where('c.tenant_id = :tenantId AND c.id = :id', { tenantId, id }).getOne();
  }

  async findIdByEmail(tenantId: number, jobId: number, email: string): Promise<number | null> {
    const row = await this.repo().findOne({ where: { tenantId, jobId, email }, select: { id: true } });
    return row?.id ?? null;
  }

  /**
   * Newest first; served by (tenant_id, job_id, id) or (tenant_id, id), and the search GIN index. One round
   * trip answers the page, rendered as the API's JSON array by the database, and its total (lists are the
   * API's hottest reads, see HotReads). The total of an organization's or a job's candidates is read from
   * candidate_counts (kept by triggers). With `status` or `q` it is counted exactly up to COUNT_CAP matches,
   * so counting never costs more than COUNT_CAP matches do; past it, PostgreSQL's estimate (see `estimate`).
   * A page that is neither empty nor full is the last one: its total follows without counting.
   */
  async page(tenantId: number, filter: CandidateFilter, offset: number, limit: number): Promise<{ json: string; total: number }> {
    const params: unknown[] = [tenantId];
    let where = 'tenant_id = $1';
    if (filter.jobId !== undefined) where += ` AND job_id = $${params.push(filter.jobId)}`;
    const counted = !filter.status && !filter.tsQuery;
    if (filter.status) where += ` AND status = $${params.push(filter.status)}`;
    if (filter.tsQuery) where += ` AND ${CANDIDATE_SEARCH_VECTOR} @@ to_tsquery('simple', $${params.push(filter.tsQuery)})`;
    const [o, l, cap] = [params.length + 1, params.length + 2, params.length + 3];
    const count = counted
      ? `(SELECT coalesce(sum(count), 0) FROM candidate_counts WHERE ${where})`
      : `(SELECT count(*) FROM (SELECT 1 FROM candidates WHERE ${where} LIMIT $${cap}) capped)`;
    const [page] = await this.hot.rows<{ page_rows: string; total: string; items: string }>(
      // Times are formatted after the limit: a plan that sorts the organization's rows (before statistics
      // exist) must not format them all.
      `WITH page AS (
         SELECT id, job_id, name, email, phone, resume_text, skills, years_experience, status, created_at, updated_at
         FROM candidates WHERE ${where} ORDER BY id DESC OFFSET $${o} LIMIT $${l}),
       n AS (SELECT count(*) AS n FROM page)
       SELECT n.n AS page_rows, CASE WHEN n.n > 0 AND n.n < $${l} THEN $${o} + n.n ELSE ${count} END AS total,
              (SELECT '[' || coalesce(string_agg(row_to_json(r)::text, ',' ORDER BY p.id DESC), '') || ']'
               FROM page p, LATERAL (SELECT p.id, p.job_id, p.name, p.email, p.phone, p.resume_text, p.skills, p.years_experience, p.status,
                                            ${isoTimestamp('p.created_at')} AS created_at, ${isoTimestamp('p.updated_at')} AS updated_at) r) AS items
       FROM n`,
      counted ? [...params, offset, limit] : [...params, offset, limit, COUNT_CAP + 1],
    );
    const pageRows = Number(page.page_rows);
    let total = Number(page.total);
    if (!counted && total > COUNT_CAP) {
      total = Math.max(COUNT_CAP + 1, offset + pageRows + (pageRows === limit ? 1 : 0), await this.estimate(where, params));
    }
    return { json: page.items, total };
  }

  /** The planner's row estimate for a filter (from the table's statistics; no rows are read). */
  private async estimate(where: string, params: unknown[]): Promise<number> {
    const [{ 'QUERY PLAN': plan }] = await this.hot.rows<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>(
      `EXPLAIN (FORMAT JSON) SELECT 1 FROM candidates WHERE ${where}`,
      params,
    );
    return Math.round(plan[0].Plan['Plan Rows']);
  }

  /** Keyset batches for streaming exports: memory follows the batch, not the job. */
  batchForJob(tenantId: number, jobId: number, afterId: number, limit: number): Promise<Candidate[]> {
    return this.repo().find({ where: { tenantId, jobId, id: MoreThan(afterId) }, order: { id: 'ASC' }, take: limit });
  }

  async update(
    tenantId: number,
    id: number,
    changes: Partial<Pick<Candidate, 'name' | 'email' | 'phone' | 'resumeText' | 'skills' | 'yearsExperience'>>,
  ): Promise<void> {
    await this.repo().update({ tenantId, id }, changes);
  }

  /** Moves the status forward only from the given states (so a late event never moves it back). */
  async advanceStatus(manager: EntityManager, tenantId: number, id: number, from: CandidateStatus[], to: CandidateStatus): Promise<void> {
    await this.repo(manager).update({ tenantId, id, status: In(from) }, { status: to });
  }

  async idsForJob(manager: EntityManager, tenantId: number, jobId: number): Promise<number[]> {
    const rows = await this.repo(manager).find({ where: { tenantId, jobId }, select: { id: true } });
    return rows.map((r) => r.id);
  }

  /** Deletes the candidates (their interviews, tokens and the rest cascade) and e-mails and webhooks about them. */
  async deleteWithTraces(manager: EntityManager, tenantId: number, ids: number[]): Promise<number> {
    const refs = In(ids.map(candidateRef));
    await manager.getRepository(OutboxMessage).delete({ tenantId, subjectRef: refs });
    await manager.getRepository(WebhookDelivery).delete({ tenantId, subjectRef: refs });
    // Latency samples stay for the aggregates but no longer point at the erased interviews.
    await manager.query(
      `UPDATE metric_samples SET interview_id = NULL
       WHERE tenant_id = $1 AND interview_id IN (SELECT id FROM interviews WHERE tenant_id = $1 AND candidate_id = ANY($2))`,
      [tenantId, ids],
    );
    const result = await this.repo(manager).delete({ tenantId, id: In(ids) });
    return result.affected ?? 0;
  }
}
