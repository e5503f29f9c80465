import { Injectable } from '@nestjs/common';
import { CandidatesRepository } from '../candidates/candidates.repository';
import { CandidatesService } from '../candidates/candidates.service';
import { AuthContext } from '../common/auth/auth-context';
import { AppException } from '../common/errors/app.exception';
import { Page } from '../common/pagination/pagination';
import { Database } from '../database/database';
import { InviteTokensRepository } from '../invites/invite-tokens.repository';
import { CreateInterviewDto, InterviewListQuery, InterviewRead } from './dto/interview.dto';
import { Interview } from './interview.entity';
import { InterviewsRepository } from './interviews.repository';

@Injectable()
export class InterviewsService {
  constructor(
    private readonly database: Database,
    private readonly interviews: InterviewsRepository,
    private readonly candidates: CandidatesService,
    private readonly tokens: InviteTokensRepository,
    private readonly candidateRows: CandidatesRepository,
  ) {}

  async create(auth: AuthContext, dto: CreateInterviewDto): Promise<InterviewRead> {
    const candidate = await this.candidates.require(dto.candidate_id);
    const interview = await this.database.transaction(async () => {
      await this.candidateRows.lock(candidate.id);
      const open = await this.interviews.latestOpenForCandidate(candidate.id);
      if (open && open.effectiveStatus() !== 'expired') {
        throw AppException.conflict('The candidate already has an open interview', { interview_id: open.id });
      }
      return this.interviews.create({ candidateId: candidate.id, jobId: candidate.jobId, createdByUserId: auth.userId });
    });
    return InterviewRead.from(interview);
  }

  async list(query: InterviewListQuery): Promise<Page<InterviewRead>> {
    const [rows, total] = await this.interviews.page(
      { status: query.status, jobId: query.job_id, candidateId: query.candidate_id },
      query.offset,
      query.per_page,
    );
    return Page.of(rows, total, query, InterviewRead.from);
  }

  async get(id: number): Promise<InterviewRead> {
    return InterviewRead.from(await this.require(id));
  }

  /** Cancels a scheduled, in-progress or expired interview; its links stop working at once. */
  async cancel(id: number): Promise<InterviewRead> {
    await this.database.transaction(async () => {
      const interview = await this.interviews.lock(id);
      if (!interview) throw AppException.notFound('Interview');
      if (!['scheduled', 'in_progress', 'expired'].includes(interview.status)) {
        throw AppException.conflict(`A ${interview.status} interview cannot be cancelled`);
      }
      await this.interviews.update(id, { status: 'cancelled', cancelledAt: new Date() });
      await this.tokens.revokeLiveForInterview(id);
    });
    return this.get(id);
  }

  async require(id: number): Promise<Interview> {
    const interview = await this.interviews.find(id);
    if (!interview) throw AppException.notFound('Interview');
    return interview;
  }
}
