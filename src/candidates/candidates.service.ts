import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { AuthContext } from '../common/auth/auth-context';
import { prefixTsQuery } from '../common/dto';
import { AppException } from '../common/errors/app.exception';
import { Page } from '../common/pagination/pagination';
import { JobsService } from '../jobs/jobs.service';
import { Candidate } from './candidate.entity';
import { CandidatesRepository } from './candidates.repository';
import { csvLine } from './csv';
import { AllCandidatesQuery, CandidateListQuery, CandidateRead, CreateCandidateDto, UpdateCandidateDto } from './dto/candidate.dto';
import { ErasureService } from './erasure.service';

const EXPORT_BATCH = 500;
const EXPORT_COLUMNS = ['id', 'name', 'email', 'phone', 'status', 'skills', 'years_experience', 'created_at'];

@Injectable()
export class CandidatesService {
  constructor(
    private readonly candidates: CandidatesRepository,
    private readonly jobs: JobsService,
    private readonly erasure: ErasureService,
  ) {}

  async create(auth: AuthContext, jobId: number, dto: CreateCandidateDto): Promise<CandidateRead> {
    await this.jobs.require(auth.tenantId, jobId);
    if (await this.candidates.findIdByEmail(auth.tenantId, jobId, dto.email)) throw this.duplicate();
    const candidate = await this.candidates.create({
      tenantId: auth.tenantId,
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

  async listForJob(auth: AuthContext, jobId: number, query: CandidateListQuery): Promise<Page<CandidateRead>> {
    await this.jobs.require(auth.tenantId, jobId);
    return this.page(auth, query, jobId);
  }

  async list(auth: AuthContext, query: AllCandidatesQuery): Promise<Page<CandidateRead>> {
    return this.page(auth, query, query.job_id);
  }

  async get(auth: AuthContext, id: number): Promise<CandidateRead> {
    return CandidateRead.from(await this.require(auth.tenantId, id));
  }

  async update(auth: AuthContext, id: number, dto: UpdateCandidateDto): Promise<CandidateRead> {
    const current = await this.require(auth.tenantId, id);
    if (dto.email && dto.email !== current.email) {
      const holder = await this.candidates.findIdByEmail(auth.tenantId, current.jobId, dto.email);
      if (holder && holder !== id) throw this.duplicate();
    }
    await this.candidates.update(auth.tenantId, id, {
      name: dto.name,
      email: dto.email,
      phone: dto.phone,
      resumeText: dto.resume_text,
      skills: dto.skills,
      yearsExperience: dto.years_experience,
    });
    return this.get(auth, id);
  }

  /** Erasure: the candidate and everything about them (interviews, tokens, messages, e-mails, media). */
  async remove(auth: AuthContext, id: number): Promise<void> {
    await this.require(auth.tenantId, id);
    await this.erasure.erase(auth.tenantId, [id]);
  }

  /** A CSV stream of the job's candidates, read in keyset batches. Checks the job before streaming starts. */
  async exportCsv(auth: AuthContext, jobId: number): Promise<Readable> {
    await this.jobs.require(auth.tenantId, jobId);
    const candidates = this.candidates;
    const tenantId = auth.tenantId;
    async function* rows(): AsyncGenerator<string> {
      yield `\ufeff${csvLine(EXPORT_COLUMNS)}`;
      let after = 0;
      for (;;) {
        const batch = await candidates.batchForJob(tenantId, jobId, after, EXPORT_BATCH);
        if (!batch.length) return;
        yield batch
          .map((c) => csvLine([c.id, c.name, c.email, c.phone, c.status, c.skills, c.yearsExperience, c.createdAt.toISOString()]))
          .join('');
        after = batch[batch.length - 1].id;
      }
    }
    return Readable.from(rows());
  }

  async require(tenantId: number, id: number): Promise<Candidate> {
    const candidate = await this.candidates.findForTenant(tenantId, id);
    if (!candidate) throw AppException.notFound('Candidate');
    return candidate;
  }

  private async page(auth: AuthContext, query: CandidateListQuery, jobId?: number): Promise<Page<CandidateRead>> {
    const { json, total } = await this.candidates.page(
      auth.tenantId,
      { jobId, status: query.status, tsQuery: prefixTsQuery(query.q) },
      query.offset,
      query.per_page,
    );
    return Page.rendered(json, total, query);
  }

  private duplicate(): AppException {
    return AppException.conflict('A candidate with this e-mail already applied to this job');
  }
}
