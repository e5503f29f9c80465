import { Injectable } from '@nestjs/common';
import { In, MoreThan } from 'typeorm';
import { apiTimestamps, HotReads, utcTimestamp } from '../database/hot-reads';
import { RenderedItems } from '../common/pagination/pagination';
import { TenantRepository } from '../database/tenant-repository';
import { REMEMBERED_PAGES_CHARS, VersionedCache } from '../database/versioned-cache';
import { Candidate, CANDIDATE_SEARCH_VECTOR, CandidateStatus } from './candidate.entity';

const CANDIDATE_TIMES = ['created_at', 'updated_at'];

/** Totals are counted exactly up to this many matching candidates; beyond, they are estimated. */
export const COUNT_CAP = 10_000;

export type NewCandidate = Pick<Candidate, 'jobId' | 'name' | 'email' | 'phone' | 'resumeText' | 'skills' | 'yearsExperience'>;

/** The version of the organization's candidates (see the CandidateListVersions migration); no row, no version. */
const LIST_VERSION = 'SELECT version::text FROM candidate_list_versions WHERE tenant_id = $1';

export interface CandidateFilter {
  jobId?: number;
  status?: CandidateStatus;
  tsQuery: string | null;
}

@Injectable()
export class CandidatesRepository extends TenantRepository {
  private readonly pages = new VersionedCache<{ items: RenderedItems; total: number }>(REMEMBERED_PAGES_CHARS);

  constructor(private readonly hot: HotReads) {
    super();
  }

  create(fields: NewCandidate): Promise<Candidate> {
    return this.with(Candidate, (r) => r.save(r.create({ ...fields, tenantId: this.tenantId, status: 'new' })));
  }

  /** Inserts unless the job already has this e-mail; answers the new id or null (atomic under concurrency). */
  async insertIfAbsent(fields: NewCandidate): Promise<number | null> {
    const result = await this.with(Candidate, (r) =>
      r
        .createQueryBuilder()
        .insert()
        .values({ ...fields, tenantId: this.tenantId, status: 'new' })
        .orIgnore()
        .returning(['id'])
        .execute(),
    );
    const row = result.raw[0] as { id: number } | undefined;
    return row ? Number(row.id) : null;
  }

  find(id: number): Promise<Candidate | null> {
    return this.with(Candidate, (r) => r.findOneBy({ tenantId: this.tenantId, id }));
  }

  /** Row-locks the candidate: invites and interviews of one candidate are created one at a time. */
  lock(id: number): Promise<Candidate | null> {
    return this.with(Candidate, (r) =>
      r.createQueryBuilder('c').setLock('pessimistic_write').where('c.tenant_id = :tenantId AND c.id = :id', { tenantId: this.tenantId, id }).getOne(),
    );
  }

  async findIdByEmail(jobId: number, email: string): Promise<number | null> {
    const row = await this.with(Candidate, (r) => r.findOne({ where: { tenantId: this.tenantId, jobId, email }, select: { id: true } }));
    return row?.id ?? null;
  }

  /**
   * Newest first; served by (tenant_id, job_id, id) or (tenant_id, id), and the search GIN index. One round
   * trip answers the page, rendered as the API's JSON array by the database, and its total (lists are the
   * API's hottest reads, see HotReads). The total of an organization's or a job's candidates is read from
   * candidate_counts (kept by triggers). With `status` or `q` it is counted exactly up to COUNT_CAP matches,
   * so counting never costs more than COUNT_CAP matches do; past it, PostgreSQL's estimate (see `estimate`).
   * A page that is neither empty nor full is the last one: its total follows without counting.
   *
   * The page this process last answered for the same organization, filter and page is remembered with the
   * version of the organization's candidates it was read at (candidate_list_versions, changed by triggers in
   * the transaction of every change to a candidate; read in the page's own statement, so in its snapshot).
   * While one is remembered, the read is first the current version, one index lookup: if it is the same, so
   * is the page, whichever instance changed what since, and it is answered from memory; if not, the page is
   * read as above (see HotReads.remembered). Pages with an estimated total are not remembered.
   */
  async page(filter: CandidateFilter, offset: number, limit: number): Promise<{ items: RenderedItems; total: number }> {
    const params: unknown[] = [this.tenantId];
    let where = 'tenant_id = $1';
    if (filter.jobId !== undefined) where += ` AND job_id = $${params.push(filter.jobId)}`;
    const counted = !filter.status && !filter.tsQuery;
    if (filter.status) where += ` AND status = $${params.push(filter.status)}`;
    if (filter.tsQuery) where += ` AND ${CANDIDATE_SEARCH_VECTOR} @@ to_tsquery('simple', $${params.push(filter.tsQuery)})`;
    const key = JSON.stringify([this.tenantId, filter.jobId ?? null, filter.status ?? null, filter.tsQuery, offset, limit]);
    return this.hot.remembered(this.pages, key, { text: LIST_VERSION, values: [this.tenantId] }, async () => {
      const [o, l, cap] = [params.length + 1, params.length + 2, params.length + 3];
      const count = counted
        ? `(SELECT coalesce(sum(count), 0) FROM candidate_counts WHERE ${where})`
        : `(SELECT count(*) FROM (SELECT 1 FROM candidates WHERE ${where} LIMIT $${cap}) capped)`;
      const [row] = await this.hot.rows<{ version: string | null; page_rows: string; total: string; items: string | null }>(
        // The total is counted only when the page does not tell it (an initplan runs only when its CASE
        // branch is taken). Times are converted after the limit.
        `SELECT (${LIST_VERSION}) AS version,
                count(*) AS page_rows, CASE WHEN count(*) > 0 AND count(*) < $${l} THEN $${o} + count(*) ELSE ${count} END AS total,
                json_agg(p ORDER BY p.id DESC)::text AS items
         FROM (SELECT id, job_id, name, email, phone, resume_text, skills, years_experience, status,
                      ${utcTimestamp('created_at')} AS created_at, ${utcTimestamp('updated_at')} AS updated_at
               FROM candidates WHERE ${where} ORDER BY id DESC OFFSET $${o} LIMIT $${l}) p`,
        counted ? [...params, offset, limit] : [...params, offset, limit, COUNT_CAP + 1],
        // Without a search, every page is the same index walk; with one, how many rows match decides the plan.
        { genericPlan: !filter.tsQuery },
      );
      const pageRows = Number(row.page_rows);
      let total = Number(row.total);
      const estimated = !counted && total > COUNT_CAP;
      if (estimated) {
        total = Math.max(COUNT_CAP + 1, offset + pageRows + (pageRows === limit ? 1 : 0), await this.estimate(where, params));
      }
      const items = new RenderedItems(row.items === null ? '[]' : apiTimestamps(row.items, CANDIDATE_TIMES));
      return { version: estimated ? null : row.version, value: { items, total }, size: items.json.length };
    });
  }

  /** The planner's row estimate for a filter (from the table's statistics; no rows are read). */
  private async estimate(where: string, params: unknown[]): Promise<number> {
    const [{ 'QUERY PLAN': plan }]: Array<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }> = await this.run((m) =>
      m.query(`EXPLAIN (FORMAT JSON) SELECT 1 FROM candidates WHERE ${where}`, params),
    );
    return Math.round(plan[0].Plan['Plan Rows']);
  }

  /** Keyset batches for streaming exports: memory follows the batch, not the job. */
  batchForJob(jobId: number, afterId: number, limit: number): Promise<Candidate[]> {
    return this.with(Candidate, (r) => r.find({ where: { tenantId: this.tenantId, jobId, id: MoreThan(afterId) }, order: { id: 'ASC' }, take: limit }));
  }

  async update(id: number, changes: Partial<Pick<Candidate, 'name' | 'email' | 'phone' | 'resumeText' | 'skills' | 'yearsExperience'>>): Promise<void> {
    await this.with(Candidate, (r) => r.update({ tenantId: this.tenantId, id }, changes));
  }

  /** Moves the status forward only from the given states (so a late event never moves it back). */
  async advanceStatus(id: number, from: CandidateStatus[], to: CandidateStatus): Promise<void> {
    await this.with(Candidate, (r) => r.update({ tenantId: this.tenantId, id, status: In(from) }, { status: to }));
  }

  async idsForJob(jobId: number): Promise<number[]> {
    const rows = await this.with(Candidate, (r) => r.find({ where: { tenantId: this.tenantId, jobId }, select: { id: true } }));
    return rows.map((r) => r.id);
  }

  /**
   * Deletes the candidates (their interviews, tokens and the rest cascade). The e-mails and webhooks about
   * them are erased by their own features first (see ErasureService).
   */
  async delete(ids: number[]): Promise<number> {
    return this.run(async (m) => {
      // Latency samples stay for the aggregates but no longer point at the erased interviews.
      await m.query(
        `UPDATE metric_samples SET interview_id = NULL
         WHERE tenant_id = $1 AND interview_id IN (SELECT id FROM interviews WHERE tenant_id = $1 AND candidate_id = ANY($2))`,
        [this.tenantId, ids],
      );
      const result = await m.getRepository(Candidate).delete({ tenantId: this.tenantId, id: In(ids) });
      return result.affected ?? 0;
    });
  }
}
