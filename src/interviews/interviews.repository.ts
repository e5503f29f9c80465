import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { ConversationMessage } from '../conversation/conversation-message.entity';
import type { InterviewQuestion } from '../questions/question.types';
import { AnalysisStatus, Interview, InterviewStatus, OPEN_STATUSES } from './interview.entity';

export interface InterviewFilter {
  status?: InterviewStatus;
  jobId?: number;
  candidateId?: number;
}

type InterviewChanges = Partial<Pick<Interview, 'status' | 'expiresAt' | 'startedAt' | 'completedAt' | 'cancelledAt' | 'questions'>>;

@Injectable()
export class InterviewsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private repo(manager: EntityManager = this.db.manager) {
    return manager.getRepository(Interview);
  }

  create(manager: EntityManager, fields: Pick<Interview, 'tenantId' | 'candidateId' | 'jobId' | 'createdByUserId'>): Promise<Interview> {
    return this.repo(manager).save(
      this.repo(manager).create({ ...fields, status: 'scheduled', expiresAt: null, startedAt: null, completedAt: null, cancelledAt: null }),
    );
  }

  findForTenant(tenantId: number, id: number, manager?: EntityManager): Promise<Interview | null> {
    return this.repo(manager).findOneBy({ tenantId, id });
  }

  /** Row-locks the interview for a state change (cancel, re-invite, answer). */
  lockForTenant(manager: EntityManager, tenantId: number, id: number): Promise<Interview | null> {
    return this.repo(manager).createQueryBuilder('i').setLock('pessimistic_write').where('i.tenant_id = :tenantId AND i.id = :id', { tenantId, id }).getOne();
  }

  /** The candidate's most recent interview that is still scheduled or in progress (expired links included). */
  latestOpenForCandidate(manager: EntityManager, tenantId: number, candidateId: number): Promise<Interview | null> {
    return this.repo(manager).findOne({
      where: { tenantId, candidateId, status: In([...OPEN_STATUSES]) },
      order: { id: 'DESC' },
    });
  }

  /** Newest first. `expired` is derived: an open interview whose link has expired reads as expired. */
  page(tenantId: number, filter: InterviewFilter, offset: number, limit: number): Promise<[Interview[], number]> {
    const qb = this.repo().createQueryBuilder('i').where('i.tenant_id = :tenantId', { tenantId });
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
  }

  async recordConsent(manager: EntityManager, tenantId: number, id: number, ip: string, textVersion: string): Promise<void> {
    await this.repo(manager).update({ tenantId, id }, { consentAt: new Date(), consentIp: ip, consentTextVersion: textVersion });
  }

  async begin(manager: EntityManager, tenantId: number, id: number, questions: InterviewQuestion[]): Promise<void> {
    await this.repo(manager).update({ tenantId, id }, { status: 'in_progress', startedAt: new Date(), questions });
  }

  /** Completes the interview; its analysis is due. */
  async complete(manager: EntityManager, tenantId: number, id: number): Promise<void> {
    await this.repo(manager).update({ tenantId, id }, { status: 'completed', completedAt: new Date(), analysisStatus: 'pending' });
  }

  /** Across tenants (a start-up sweep): completed interviews whose analysis never ran. */
  async setAnalysisStatus(tenantId: number, id: number, analysisStatus: AnalysisStatus, manager?: EntityManager): Promise<void> {
    await this.repo(manager).update({ tenantId, id }, { analysisStatus });
  }

  async flagHumanRequested(manager: EntityManager, tenantId: number, id: number): Promise<void> {
    await this.repo(manager).update({ tenantId, id }, { humanRequestedAt: new Date() });
  }

  async answerCount(tenantId: number, interviewId: number): Promise<number> {
    return this.repo().manager.getRepository(ConversationMessage).countBy({ tenantId, interviewId, role: 'user' });
  }

  async update(manager: EntityManager, tenantId: number, id: number, changes: InterviewChanges): Promise<void> {
    await this.repo(manager).update({ tenantId, id }, changes);
  }
}
