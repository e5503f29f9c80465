import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { TenantRepository } from '../database/tenant-repository';
import { ConversationMessage } from '../conversation/conversation-message.entity';
import type { InterviewQuestion } from '../questions/question.types';
import { AnalysisStatus, Interview, InterviewStatus, OPEN_STATUSES } from './interview.entity';

export interface InterviewFilter {
  status?: InterviewStatus;
  jobId?: number;
  candidateId?: number;
}

export type InterviewChanges = Partial<
  Pick<Interview, 'status' | 'expiresAt' | 'startedAt' | 'completedAt' | 'cancelledAt' | 'questions' | 'consentAt' | 'consentIp' | 'consentTextVersion' | 'analysisStatus' | 'humanRequestedAt'>
>;

@Injectable()
export class InterviewsRepository extends TenantRepository {
  create(fields: Pick<Interview, 'candidateId' | 'jobId' | 'createdByUserId'>): Promise<Interview> {
    return this.with(Interview, (r) =>
      r.save(r.create({ ...fields, tenantId: this.tenantId, status: 'scheduled', expiresAt: null, startedAt: null, completedAt: null, cancelledAt: null })),
    );
  }

  find(id: number): Promise<Interview | null> {
    return this.with(Interview, (r) => r.findOneBy({ tenantId: this.tenantId, id }));
  }

  /** Row-locks the interview for a state change (cancel, re-invite, answer). */
  lock(id: number): Promise<Interview | null> {
    return this.with(Interview, (r) =>
      r.createQueryBuilder('i').setLock('pessimistic_write').where('i.tenant_id = :tenantId AND i.id = :id', { tenantId: this.tenantId, id }).getOne(),
    );
  }

  /** The candidate's most recent interview that is still scheduled or in progress (expired links included). */
  latestOpenForCandidate(candidateId: number): Promise<Interview | null> {
    return this.with(Interview, (r) =>
      r.findOne({
        where: { tenantId: this.tenantId, candidateId, status: In([...OPEN_STATUSES]) },
        order: { id: 'DESC' },
      }),
    );
  }

  /** Newest first. `expired` is derived: an open interview whose link has expired reads as expired. */
  page(filter: InterviewFilter, offset: number, limit: number): Promise<[Interview[], number]> {
    return this.with(Interview, (r) => {
      const qb = r.createQueryBuilder('i').where('i.tenant_id = :tenantId', { tenantId: this.tenantId });
      if (filter.jobId !== undefined) qb.andWhere('i.job_id = :jobId', { jobId: filter.jobId });
      if (filter.candidateId !== undefined) qb.andWhere('i.candidate_id = :candidateId', { candidateId: filter.candidateId });
      if (filter.status === 'expired') {
        qb.andWhere(`(i.status = 'expired' OR (i.status IN (:...open) AND i.expires_at <= now()))`, { open: OPEN_STATUSES });
      } else if (filter.status && OPEN_STATUSES.includes(filter.status)) {
        qb.andWhere('i.status = :status AND (i.expires_at IS NULL OR i.expires_at > now())', { status: filter.status });
      } else if (filter.status) {
        qb.andWhere('i.status = :status', { status: filter.status });
      }
      return qb.orderBy('i.id', 'DESC').offset(offset).limit(limit).getManyAndCount();
    });
  }

  async recordConsent(id: number, ip: string, textVersion: string): Promise<void> {
    await this.update(id, { consentAt: new Date(), consentIp: ip, consentTextVersion: textVersion });
  }

  async begin(id: number, questions: InterviewQuestion[]): Promise<void> {
    await this.update(id, { status: 'in_progress', startedAt: new Date(), questions });
  }

  /** Completes the interview; its analysis is due. */
  async complete(id: number): Promise<void> {
    await this.update(id, { status: 'completed', completedAt: new Date(), analysisStatus: 'pending' });
  }

  async setAnalysisStatus(id: number, analysisStatus: AnalysisStatus): Promise<void> {
    await this.update(id, { analysisStatus });
  }

  async flagHumanRequested(id: number): Promise<void> {
    await this.update(id, { humanRequestedAt: new Date() });
  }

  async answerCount(interviewId: number): Promise<number> {
    return this.with(ConversationMessage, (r) => r.countBy({ tenantId: this.tenantId, interviewId, role: 'user' }));
  }

  async update(id: number, changes: InterviewChanges): Promise<void> {
    await this.with(Interview, (r) => r.update({ tenantId: this.tenantId, id }, changes));
  }
}
