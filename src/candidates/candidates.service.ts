import { Readable } from 'node:stream';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { prefixTsQuery } from '../common/dto';
import { AppException } from '../common/errors/app.exception';
import { Page } from '../common/pagination/pagination';
import { TenantScope } from '../database/tenant-scope';
import { JobsService } from '../jobs/jobs.service';
import { Candidate, CandidateStatus } from './candidate.entity';
import { CandidatesRepository } from './candidates.repository';
import { csvLine } from './csv';
import { AllCandidatesQuery, CandidateListQuery, CandidateRead, CreateCandidateDto, UpdateCandidateDto } from './dto/candidate.dto';
import { ErasureService } from './erasure.service';

const EXPORT_BATCH = 500;
const EXPORT_COLUMNS = ['id', 'name', 'email', 'phone', 'status', 'skills', 'years_experience', 'created_at'];

@Injectable()
export class CandidatesService implements OnModuleInit {
  constructor(
    private readonly candidates: CandidatesRepository,
    private readonly jobs: JobsService,
    private readonly erasure: ErasureService,
  ) {}

  /** Deleting a job erases its candidates completely (media included), in the job's deletion transaction. */
  onModuleInit(): void {
    this.jobs.onDelete(async (jobId) => (await this.erasure.eraseWithin(await this.candidates.idsForJob(jobId))).cleanup);
  }

  /** Row-locks the candidate in the ambient transaction: invites and interviews of one candidate are made one at a time. */
  lock(id: number): Promise<Candidate | null> {
    return this.candidates.lock(id);
  }

  find(id: number): Promise<Candidate | null> {
    return this.candidates.find(id);
  }

  /** Moves the status forward only from the given states (so a late event never moves it back). */
  advanceStatus(id: number, from: CandidateStatus[], to: CandidateStatus): Promise<void> {
    return this.candidates.advanceStatus(id, from, to);
  }

  async create(jobId: number, dto: CreateCandidateDto): Promise<CandidateRead> {
    await this.jobs.require(jobId);
    if (await this.candidates.findIdByEmail(jobId, dto.email)) throw this.duplicate();
    const candidate = await this.candidates.create({
      jobId,
      name: dto.name,
      email: dto.email,
      phone: dto.phone ?? null,
      resumeText: dto.resume_text ?? null,
      skills: dto.skills ?? [],
      yearsExperience: dto.years_experience ?? null,
    });
    return CandidateRead.from(candidate);
  }

  async listForJob(jobId: number, query: CandidateListQuery): Promise<Page<CandidateRead>> {
    // Candidates carry their job's organization: any match proves the job is this organization's. Only a
    // job with no matching candidates is looked up (a hot read stays one round trip, see HotReads).
    const page = await this.page(query, jobId);
    if (page.total === 0) await this.jobs.require(jobId);
    return page;
  }

  async list(query: AllCandidatesQuery): Promise<Page<CandidateRead>> {
    return this.page(query, query.job_id);
  }

  async get(id: number): Promise<CandidateRead> {
    return CandidateRead.from(await this.require(id));
  }

  async update(id: number, dto: UpdateCandidateDto): Promise<CandidateRead> {
    const current = await this.require(id);
    if (dto.email && dto.email !== current.email) {
      const holder = await this.candidates.findIdByEmail(current.jobId, dto.email);
      if (holder && holder !== id) throw this.duplicate();
    }
    await this.candidates.update(id, {
      name: dto.name,
      email: dto.email,
      phone: dto.phone,
      resumeText: dto.resume_text,
      skills: dto.skills,
      yearsExperience: dto.years_experience,
    });
    return this.get(id);
  }

  /** Erasure: the candidate and everything about them (interviews, tokens, messages, e-mails, media). */
  async remove(id: number): Promise<void> {
    await this.require(id);
    await this.erasure.erase([id]);
  }

  /** A CSV stream of the job's candidates, read in keyset batches. Checks the job before streaming starts. */
  async exportCsv(jobId: number): Promise<Readable> {
    await this.jobs.require(jobId);
    const candidates = this.candidates;
    // The stream is read after this returns: each batch names its organization.
    const tenantId = TenantScope.requireTenantId();
    async function* rows(): AsyncGenerator<string> {
      yield `\ufeff${csvLine(EXPORT_COLUMNS)}`;
      let after = 0;
      for (;;) {
        const batch = await TenantScope.run(tenantId, () => candidates.batchForJob(jobId, after, EXPORT_BATCH));
        if (!batch.length) return;
        yield batch
          .map((c) => csvLine([c.id, c.name, c.email, c.phone, c.status, c.skills, c.yearsExperience, c.createdAt.toISOString()]))
          .join('');
        after = batch[batch.length - 1].id;
      }
    }
    return Readable.from(rows());
  }

  async require(id: number): Promise<Candidate> {
    const candidate = await this.candidates.find(id);
    if (!candidate) throw AppException.notFound('Candidate');
    return candidate;
  }

  private async page(query: CandidateListQuery, jobId?: number): Promise<Page<CandidateRead>> {
    const { items, total } = await this.candidates.page(
      { jobId, status: query.status, tsQuery: prefixTsQuery(query.q) },
      query.offset,
      query.per_page,
    );
    return Page.rendered(items, total, query);
  }

  private duplicate(): AppException {
    return AppException.conflict('A candidate with this e-mail already applied to this job');
  }
}
