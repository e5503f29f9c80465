import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Candidate } from '../candidates/candidate.entity';
import { TenantOwnedEntity } from '../database/tenant-owned.entity';
import type { InterviewQuestion } from '../questions/question.types';

export const INTERVIEW_STATUSES = ['scheduled', 'in_progress', 'completed', 'abandoned', 'expired', 'cancelled'] as const;
export type InterviewStatus = (typeof INTERVIEW_STATUSES)[number];
export type AnalysisStatus = 'none' | 'pending' | 'ready' | 'failed';
/** Statuses stored in the row; `expired` is also derived at read time from `expires_at`. */
export const OPEN_STATUSES: readonly InterviewStatus[] = ['scheduled', 'in_progress'];

@Entity('interviews')
@Index(['tenantId', 'id'])
@Index(['tenantId', 'candidateId', 'id'])
@Index(['tenantId', 'jobId', 'id'])
@Index(['tenantId', 'status', 'id'])
export class Interview extends TenantOwnedEntity {
  @Column({ type: 'int' })
  candidateId!: number;

  @ManyToOne(() => Candidate, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'candidate_id' })
  candidate?: Candidate;

  @Column({ type: 'int' })
  jobId!: number;

  @Column({ type: 'varchar', length: 20, default: 'scheduled' })
  status!: InterviewStatus;

  /** Expiry of the interview's current invite link; past it an open interview reads as expired. */
  @Column({ type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  /** The user who created it (recruiter notifications go to them). */
  @Column({ type: 'int', nullable: true })
  createdByUserId!: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  /** Consent record: when, from which IP, to which version of the consent text. */
  @Column({ type: 'timestamptz', nullable: true })
  consentAt!: Date | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  consentIp!: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  consentTextVersion!: string | null;

  /** The questions fixed when the candidate started, so later job edits do not change a running interview. */
  @Column({ type: 'jsonb', nullable: true })
  questions!: InterviewQuestion[] | null;

  @Column({ type: 'timestamptz', nullable: true })
  humanRequestedAt!: Date | null;

  @Column({ type: 'varchar', length: 10, default: 'none' })
  analysisStatus!: AnalysisStatus;

  /** The status as a reader sees it at `now`. */
  effectiveStatus(now = new Date()): InterviewStatus {
    if (OPEN_STATUSES.includes(this.status) && this.expiresAt && this.expiresAt <= now) return 'expired';
    return this.status;
  }
}
