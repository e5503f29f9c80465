import { Injectable } from '@nestjs/common';
import { TenantRepository } from '../database/tenant-repository';
import { Transcript } from './transcript.entity';

@Injectable()
export class TranscriptsRepository extends TenantRepository {
  findForInterview(interviewId: number): Promise<Transcript | null> {
    return this.with(Transcript, (r) => r.findOneBy({ tenantId: this.tenantId, interviewId }));
  }

  /** One transcript per interview: a new text replaces the old (updated_at moves, created_at stays). */
  async upsert(interviewId: number, text: string, provider: string): Promise<void> {
    await this.with(Transcript, (r) =>
      r
        .createQueryBuilder()
        .insert()
        .values({ tenantId: this.tenantId, interviewId, text, provider })
        .orUpdate(['text', 'provider', 'updated_at'], ['interview_id'])
        .execute(),
    );
  }
}
