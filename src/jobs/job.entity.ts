import { Column, Entity, Index } from 'typeorm';
import { TenantOwnedEntity } from '../database/tenant-owned.entity';
import type { InterviewQuestion } from '../questions/question.types';

/** Full-text search over title and description ('simple' config: no language stemming, prefix matches). */
export const JOB_SEARCH_VECTOR = `to_tsvector('simple', title || ' ' || description)`;

@Entity('jobs')
@Index(['tenantId', 'id'])
@Index(['tenantId', 'isActive', 'id'])
// Created by the migration (an expression index TypeORM cannot describe); kept out of schema sync.
@Index('IDX_jobs_search', { synchronize: false })
export class Job extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  location!: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  skills!: string[];

  @Column({ type: 'boolean', default: true })
  isActive!: boolean;

  /** The generated question set and a hash of the job text it was generated from. */
  @Column({ type: 'jsonb', nullable: true })
  questionSet!: { source: 'deterministic' | 'llm'; hash: string; questions: InterviewQuestion[] } | null;
}
