import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type SampleKind = 'upload' | 'analysis';
export type SampleSource = 'server' | 'client';

/** One latency observation (an upload request, a client-reported upload, an analysis run). */
@Entity('metric_samples')
@Index(['tenantId', 'kind', 'createdAt'])
@Index(['createdAt'])
export class MetricSample {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ type: 'int' })
  tenantId!: number;

  @Column({ type: 'varchar', length: 10 })
  kind!: SampleKind;

  @Column({ type: 'varchar', length: 10 })
  source!: SampleSource;

  /** What was measured, e.g. presign, dev-upload, client-video, analysis. */
  @Column({ type: 'varchar', length: 30 })
  operation!: string;

  @Column({ type: 'int' })
  durationMs!: number;

  @Column({ type: 'boolean' })
  success!: boolean;

  @Column({ type: 'bigint', nullable: true })
  sizeBytes!: string | null;

  @Column({ type: 'int', nullable: true })
  interviewId!: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
