import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CandidatesRepository } from '../candidates/candidates.repository';
import { CandidatesService } from '../candidates/candidates.service';
import { AuthContext } from '../common/auth/auth-context';
import { AppException } from '../common/errors/app.exception';
import { Page } from '../common/pagination/pagination';
import { InviteTokensRepository } from '../invites/invite-tokens.repository';
import { CreateInterviewDto, InterviewListQuery, InterviewRead } from './dto/interview.dto';
import { Interview } from './interview.entity';
import { InterviewsRepository } from './interviews.repository';

@Injectable()
export class InterviewsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly interviews: InterviewsRepository,
    private readonly candidates: CandidatesService,
    private readonly tokens: InviteTokensRepository,
    private readonly candidateRows: CandidatesRepository,
  ) {}

  async create(auth: AuthContext, dto: CreateInterviewDto): Promise<InterviewRead> {
    const candidate = await this.candidates.require(auth.tenantId, dto.candidate_id);
    const interview = await this.db.transaction(async (manager) => {
      await this.candidateRows.lockForTenant(manager, auth.tenantId, candidate.id);
      const open = await this.interviews.latestOpenForCandidate(manager, auth.tenantId, candidate.id);
      if (open && open.effectiveStatus() !== 'expired') {
        throw AppException.conflict('The candidate already has an open interview', { interview_id: open.id });
      }
      return this.interviews.create(manager, { tenantId: auth.tenantId, candidateId: candidate.id, jobId: candidate.jobId, createdByUserId: auth.userId });
    });
    return InterviewRead.from(interview);
  }

  async list(auth: AuthContext, query: InterviewListQuery): Promise<Page<InterviewRead>> {
    const [rows, total] = await this.interviews.page(
      auth.tenantId,
      { status: query.status, jobId: query.job_id, candidateId: query.candidate_id },
      query.offset,
      query.per_page,
    );
    return Page.of(rows, total, query, InterviewRead.from);
  }

  async get(auth: AuthContext, id: number): Promise<InterviewRead> {
    return InterviewRead.from(await this.require(auth.tenantId, id));
  }

  /** Cancels a scheduled, in-progress or expired interview; its links stop working at once. */
  async cancel(auth: AuthContext, id: number): Promise<InterviewRead> {
    await this.db.transaction(async (manager) => {
      const interview = await this.interviews.lockForTenant(manager, auth.tenantId, id);
      if (!interview) throw AppException.notFound('Interview');
      if (!['scheduled', 'in_progress', 'expired'].includes(interview.status)) {
        throw AppException.conflict(`A ${interview.status} interview cannot be cancelled`);
      }
      await this.interviews.update(manager, auth.tenantId, id, { status: 'cancelled', cancelledAt: new Date() });
      await this.tokens.revokeLiveForInterview(manager, auth.tenantId, id);
    });
    return this.get(auth, id);
  }

  async require(tenantId: number, id: number): Promise<Interview> {
    const interview = await this.interviews.findForTenant(tenantId, id);
    if (!interview) throw AppException.notFound('Interview');
    return interview;
  }
}
