import { Column, CreateDateColumn, Entity, Index } from 'typeorm';
import { InterviewOwnedEntity } from '../interviews/interview-owned.entity';

/** One scoring of an interview; the latest is the current one. */
@Entity('interview_analyses')
@Index(['tenantId', 'interviewId', 'id'])
export class InterviewAnalysis extends InterviewOwnedEntity {
  @Column({ type: 'double precision' })
  overallScore!: number;

  @Column({ type: 'double precision' })
  communicationScore!: number;

  @Column({ type: 'double precision' })
  technicalScore!: number;

  @Column({ type: 'double precision' })
  culturalFitScore!: number;

  @Column({ type: 'text' })
  summary!: string;

  @Column({ type: 'text' })
  strengths!: string;

  @Column({ type: 'text' })
  weaknesses!: string;

  @Column({ type: 'varchar', length: 40 })
  modelUsed!: string;

  /** Set when the analysis-ready notification went out (e-mail and outbound webhook). */
  @Column({ type: 'timestamptz', nullable: true })
  readyAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
