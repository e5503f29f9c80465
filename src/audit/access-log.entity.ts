import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One request to /api/v1. Paths are stored without query strings and with candidate tokens masked. */
@Entity('access_logs')
@Index(['tenantId', 'createdAt'])
@Index(['createdAt'])
export class AccessLog {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ type: 'int', nullable: true })
  tenantId!: number | null;

  @Column({ type: 'int', nullable: true })
  userId!: number | null;

  /** The candidate invite token used, by id. */
  @Column({ type: 'int', nullable: true })
  inviteTokenId!: number | null;

  @Column({ type: 'varchar', length: 10 })
  method!: string;

  /** The route template, e.g. /api/v1/jobs/:id ('unmatched' for unknown routes). */
  @Column({ type: 'varchar', length: 200 })
  route!: string;

  @Column({ type: 'varchar', length: 500 })
  path!: string;

  @Column({ type: 'smallint' })
  status!: number;

  @Column({ type: 'int' })
  durationMs!: number;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  userAgent!: string | null;

  @Column({ type: 'varchar', length: 128 })
  requestId!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
