import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { TenantRepository } from '../database/tenant-repository';
import { InterviewAnalysis } from './interview-analysis.entity';

export type NewAnalysis = Omit<InterviewAnalysis, 'id' | 'tenantId' | 'tenant' | 'interview' | 'createdAt' | 'readyAt'>;

@Injectable()
export class AnalysesRepository extends TenantRepository {
  add(fields: NewAnalysis): Promise<InterviewAnalysis> {
    return this.with(InterviewAnalysis, (r) => r.save(r.create({ ...fields, tenantId: this.tenantId, readyAt: null })));
  }

  /** Served by (tenant_id, interview_id, id). */
  latestForInterview(interviewId: number): Promise<InterviewAnalysis | null> {
    return this.with(InterviewAnalysis, (r) => r.findOne({ where: { tenantId: this.tenantId, interviewId }, order: { id: 'DESC' } }));
  }

  findForInterview(interviewId: number, id: number): Promise<InterviewAnalysis | null> {
    return this.with(InterviewAnalysis, (r) => r.findOneBy({ tenantId: this.tenantId, interviewId, id }));
  }

  /** Marks it ready once; false when it already was (so notifications go out once). */
  async markReady(id: number): Promise<boolean> {
    const result = await this.with(InterviewAnalysis, (r) => r.update({ tenantId: this.tenantId, id, readyAt: IsNull() }, { readyAt: new Date() }));
    return (result.affected ?? 0) > 0;
  }
}
