import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { InterviewAnalysis } from './interview-analysis.entity';

export type NewAnalysis = Omit<InterviewAnalysis, 'id' | 'interview' | 'createdAt' | 'readyAt'>;

@Injectable()
export class AnalysesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private get repo() {
    return this.db.getRepository(InterviewAnalysis);
  }

  add(fields: NewAnalysis, manager: EntityManager = this.db.manager): Promise<InterviewAnalysis> {
    const repo = manager.getRepository(InterviewAnalysis);
    return repo.save(repo.create({ ...fields, readyAt: null }));
  }

  /** Served by (tenant_id, interview_id, id). */
  latestForInterview(tenantId: number, interviewId: number, manager: EntityManager = this.db.manager): Promise<InterviewAnalysis | null> {
    return manager.getRepository(InterviewAnalysis).findOne({ where: { tenantId, interviewId }, order: { id: 'DESC' } });
  }

  findForInterview(tenantId: number, interviewId: number, id: number): Promise<InterviewAnalysis | null> {
    return this.repo.findOneBy({ tenantId, interviewId, id });
  }

  /** Marks it ready once; false when it already was (so notifications go out once). */
  async markReady(manager: EntityManager, tenantId: number, id: number): Promise<boolean> {
    const result = await manager.getRepository(InterviewAnalysis).update({ tenantId, id, readyAt: IsNull() }, { readyAt: new Date() });
    return (result.affected ?? 0) > 0;
  }
}
