import { Injectable } from '@nestjs/common';
import { CandidatesService } from '../candidates/candidates.service';
import { AuthContext } from '../common/auth/auth-context';
import { AppException } from '../common/errors/app.exception';
import { Page } from '../common/pagination/pagination';
import { Database } from '../database/database';
import { CreateInterviewDto, InterviewListQuery, InterviewRead } from './dto/interview.dto';
import type { InterviewQuestion } from '../questions/question.types';
import { AnalysisStatus, Interview } from './interview.entity';
import { InterviewChanges, InterviewsRepository } from './interviews.repository';

/** Runs inside the transaction that cancels an interview (a feature stopping what belongs to it: its links). */
export type InterviewCancelHook = (interviewId: number) => Promise<void>;

@Injectable()
export class InterviewsService {
  private readonly cancelHooks: InterviewCancelHook[] = [];

  constructor(
    private readonly database: Database,
    private readonly interviews: InterviewsRepository,
    private readonly candidates: CandidatesService,
  ) {}

  onCancel(hook: InterviewCancelHook): void {
    this.cancelHooks.push(hook);
  }

  async create(auth: AuthContext, dto: CreateInterviewDto): Promise<InterviewRead> {
    const candidate = await this.candidates.require(dto.candidate_id);
    const interview = await this.database.transaction(async () => {
      await this.candidates.lock(candidate.id);
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

  /** Cancels a scheduled, in-progress or expired interview; its links stop working at once (see InvitesService). */
  async cancel(id: number): Promise<InterviewRead> {
    await this.database.transaction(async () => {
      const interview = await this.interviews.lock(id);
      if (!interview) throw AppException.notFound('Interview');
      if (!['scheduled', 'in_progress', 'expired'].includes(interview.status)) {
        throw AppException.conflict(`A ${interview.status} interview cannot be cancelled`);
      }
      await this.interviews.update(id, { status: 'cancelled', cancelledAt: new Date() });
      for (const hook of this.cancelHooks) await hook(id);
    });
    return this.get(id);
  }

  async require(id: number): Promise<Interview> {
    const interview = await this.interviews.find(id);
    if (!interview) throw AppException.notFound('Interview');
    return interview;
  }

  // For the features that drive an interview (invites, the candidate app, analysis), in the ambient transaction.

  find(id: number): Promise<Interview | null> {
    return this.interviews.find(id);
  }

  /** Row-locks the interview for a state change. */
  lock(id: number): Promise<Interview | null> {
    return this.interviews.lock(id);
  }

  latestOpenForCandidate(candidateId: number): Promise<Interview | null> {
    return this.interviews.latestOpenForCandidate(candidateId);
  }

  /** A new scheduled interview (the caller holds the candidate's lock). */
  schedule(fields: Pick<Interview, 'candidateId' | 'jobId' | 'createdByUserId'>): Promise<Interview> {
    return this.interviews.create(fields);
  }

  update(id: number, changes: InterviewChanges): Promise<void> {
    return this.interviews.update(id, changes);
  }

  recordConsent(id: number, ip: string, textVersion: string): Promise<void> {
    return this.interviews.recordConsent(id, ip, textVersion);
  }

  begin(id: number, questions: InterviewQuestion[]): Promise<void> {
    return this.interviews.begin(id, questions);
  }

  /** Completes the interview; its analysis is due. */
  complete(id: number): Promise<void> {
    return this.interviews.complete(id);
  }

  setAnalysisStatus(id: number, status: AnalysisStatus): Promise<void> {
    return this.interviews.setAnalysisStatus(id, status);
  }

  flagHumanRequested(id: number): Promise<void> {
    return this.interviews.flagHumanRequested(id);
  }

  answerCount(id: number): Promise<number> {
    return this.interviews.answerCount(id);
  }
}
