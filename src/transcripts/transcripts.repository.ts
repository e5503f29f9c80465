import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Transcript } from './transcript.entity';

@Injectable()
export class TranscriptsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  findForInterview(tenantId: number, interviewId: number, manager: EntityManager = this.db.manager): Promise<Transcript | null> {
    return manager.getRepository(Transcript).findOneBy({ tenantId, interviewId });
  }

  /** One transcript per interview: a new text replaces the old (updated_at moves, created_at stays). */
  async upsert(tenantId: number, interviewId: number, text: string, provider: string): Promise<void> {
    await this.db
      .getRepository(Transcript)
      .createQueryBuilder()
      .insert()
      .values({ tenantId, interviewId, text, provider })
      .orUpdate(['text', 'provider', 'updated_at'], ['interview_id'])
      .execute();
  }
}
