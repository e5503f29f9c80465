import { Injectable } from '@nestjs/common';
import { prefixTsQuery } from '../common/dto';
import { AppException } from '../common/errors/app.exception';
import { Page } from '../common/pagination/pagination';
import { Database } from '../database/database';
import { CreateJobDto, JobListQuery, JobRead, UpdateJobDto } from './dto/job.dto';
import { Job } from './job.entity';
import { JobsRepository } from './jobs.repository';

/**
 * Runs inside a job's deletion transaction, before the job row goes (a feature erasing what belongs to the
 * job: its candidates); the function it returns runs after the commit.
 */
export type JobDeletionHook = (jobId: number) => Promise<() => Promise<unknown>>;

@Injectable()
export class JobsService {
  private readonly deletionHooks: JobDeletionHook[] = [];

  constructor(
    private readonly database: Database,
    private readonly jobs: JobsRepository,
  ) {}

  onDelete(hook: JobDeletionHook): void {
    this.deletionHooks.push(hook);
  }

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

  /** Deleting a job erases what belongs to it (its candidates, completely: see CandidatesService), then the job. */
  async remove(id: number): Promise<void> {
    await this.require(id);
    const cleanups = await this.database.transaction(async () => {
      const after: Array<() => Promise<unknown>> = [];
      for (const hook of this.deletionHooks) after.push(await hook(id));
      await this.jobs.delete(id);
      return after;
    });
    for (const cleanup of cleanups) await cleanup();
  }

  /** The job's questions once generated (see QuestionsService). */
  async saveQuestionSet(id: number, questionSet: Job['questionSet']): Promise<void> {
    await this.jobs.update(id, { questionSet });
  }

  find(id: number): Promise<Job | null> {
    return this.jobs.find(id);
  }

  async require(id: number): Promise<Job> {
    const job = await this.jobs.find(id);
    if (!job) throw AppException.notFound('Job');
    return job;
  }
}
