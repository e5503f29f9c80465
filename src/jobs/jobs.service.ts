import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CandidatesRepository } from '../candidates/candidates.repository';
import { ErasureService } from '../candidates/erasure.service';
import { AuthContext } from '../common/auth/auth-context';
import { prefixTsQuery } from '../common/dto';
import { AppException } from '../common/errors/app.exception';
import { Page } from '../common/pagination/pagination';
import { CreateJobDto, JobListQuery, JobRead, UpdateJobDto } from './dto/job.dto';
import { Job } from './job.entity';
import { JobsRepository } from './jobs.repository';

@Injectable()
export class JobsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jobs: JobsRepository,
    private readonly candidates: CandidatesRepository,
    private readonly erasure: ErasureService,
  ) {}

  async create(auth: AuthContext, dto: CreateJobDto): Promise<JobRead> {
    const job = await this.jobs.create(auth.tenantId, {
      title: dto.title,
      description: dto.description ?? '',
      location: dto.location ?? null,
      skills: dto.skills ?? [],
      isActive: dto.is_active ?? true,
    });
    return JobRead.from(job);
  }

  async list(auth: AuthContext, query: JobListQuery): Promise<Page<JobRead>> {
    const [rows, total] = await this.jobs.pageForTenant(
      auth.tenantId,
      { tsQuery: prefixTsQuery(query.q), isActive: query.is_active },
      query.offset,
      query.per_page,
    );
    return Page.of(rows, total, query, JobRead.from);
  }

  async get(auth: AuthContext, id: number): Promise<JobRead> {
    return JobRead.from(await this.require(auth.tenantId, id));
  }

  async update(auth: AuthContext, id: number, dto: UpdateJobDto): Promise<JobRead> {
    await this.require(auth.tenantId, id);
    if (dto.title === undefined && dto.description === undefined && dto.location === undefined && dto.skills === undefined && dto.is_active === undefined) {
      throw AppException.validation('Nothing to change');
    }
    await this.jobs.update(auth.tenantId, id, {
      title: dto.title,
      description: dto.description,
      location: dto.location,
      skills: dto.skills,
      isActive: dto.is_active,
    });
    return this.get(auth, id);
  }

  /** Deleting a job erases its candidates completely (media included), then the job. */
  async remove(auth: AuthContext, id: number): Promise<void> {
    await this.require(auth.tenantId, id);
    const { cleanup } = await this.db.transaction(async (manager) => {
      const ids = await this.candidates.idsForJob(manager, auth.tenantId, id);
      const erased = await this.erasure.eraseWithin(manager, auth.tenantId, ids);
      await this.jobs.delete(manager, auth.tenantId, id);
      return erased;
    });
    await cleanup();
  }

  async require(tenantId: number, id: number): Promise<Job> {
    const job = await this.jobs.findForTenant(tenantId, id);
    if (!job) throw AppException.notFound('Job');
    return job;
  }
}
