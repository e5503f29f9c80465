import { Injectable } from '@nestjs/common';
import { CandidatesRepository } from '../candidates/candidates.repository';
import { ErasureService } from '../candidates/erasure.service';
import { prefixTsQuery } from '../common/dto';
import { AppException } from '../common/errors/app.exception';
import { Page } from '../common/pagination/pagination';
import { Database } from '../database/database';
import { CreateJobDto, JobListQuery, JobRead, UpdateJobDto } from './dto/job.dto';
import { Job } from './job.entity';
import { JobsRepository } from './jobs.repository';

@Injectable()
export class JobsService {
  constructor(
    private readonly database: Database,
    private readonly jobs: JobsRepository,
    private readonly candidates: CandidatesRepository,
    private readonly erasure: ErasureService,
  ) {}

  async create(dto: CreateJobDto): Promise<JobRead> {
    const job = await this.jobs.create({
      title: dto.title,
      description: dto.description ?? '',
      location: dto.location ?? null,
      skills: dto.skills ?? [],
      isActive: dto.is_active ?? true,
    });
    return JobRead.from(job);
  }

  async list(query: JobListQuery): Promise<Page<JobRead>> {
    const [rows, total] = await this.jobs.page(
      { tsQuery: prefixTsQuery(query.q), isActive: query.is_active },
      query.offset,
      query.per_page,
    );
    return Page.of(rows, total, query, JobRead.from);
  }

  async get(id: number): Promise<JobRead> {
    return JobRead.from(await this.require(id));
  }

  async update(id: number, dto: UpdateJobDto): Promise<JobRead> {
    await this.require(id);
    if (dto.title === undefined && dto.description === undefined && dto.location === undefined && dto.skills === undefined && dto.is_active === undefined) {
      throw AppException.validation('Nothing to change');
    }
    await this.jobs.update(id, {
      title: dto.title,
      description: dto.description,
      location: dto.location,
      skills: dto.skills,
      isActive: dto.is_active,
    });
    return this.get(id);
  }

  /** Deleting a job erases its candidates completely (media included), then the job. */
  async remove(id: number): Promise<void> {
    await this.require(id);
    const { cleanup } = await this.database.transaction(async () => {
      const ids = await this.candidates.idsForJob(id);
      const erased = await this.erasure.eraseWithin(ids);
      await this.jobs.delete(id);
      return erased;
    });
    await cleanup();
  }

  async require(id: number): Promise<Job> {
    const job = await this.jobs.find(id);
    if (!job) throw AppException.notFound('Job');
    return job;
  }
}
