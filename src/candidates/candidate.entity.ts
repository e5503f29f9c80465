import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantOwnedEntity } from '../database/tenant-owned.entity';
import { Job } from '../jobs/job.entity';

export const CANDIDATE_STATUSES = ['new', 'invited', 'interviewing', 'interviewed'] as const;
export type CandidateStatus = (typeof CANDIDATE_STATUSES)[number];

/** Search over name and e-mail; the e-mail's punctuation becomes spaces so its parts match by prefix. */
export const CANDIDATE_SEARCH_VECTOR = `to_tsvector('simple', name || ' ' || translate(email, '@.+_-', '     '))`;

@Entity('candidates')
@Index(['tenantId', 'jobId', 'id'])
@Index(['tenantId', 'id'])
@Index(['jobId', 'email'], { unique: true })
@Index('IDX_candidates_search', { synchronize: false })
export class Candidate extends TenantOwnedEntity {
  @Column({ type: 'int' })
  jobId!: number;

  @ManyToOne(() => Job, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'job_id' })
  job?: Job;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** Lower-cased. */
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ type: 'varchar', length: 50, nullable: true })
  phone!: string | null;

  @Column({ type: 'text', nullable: true })
  resumeText!: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  skills!: string[];

  @Column({ type: 'int', nullable: true })
  yearsExperience!: number | null;

  @Column({ type: 'varchar', length: 20, default: 'new' })
  status!: CandidateStatus;
}
