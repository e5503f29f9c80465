import { Column, Entity, JoinColumn, OneToOne } from 'typeorm';
import { BaseEntity } from '../database/base.entity';
import { Interview } from '../interviews/interview.entity';

@Entity('transcripts')
export class Transcript extends BaseEntity {
  @Column({ type: 'int' })
  tenantId!: number;

  /** Unique: the one-to-one join column carries the constraint. */
  @Column({ type: 'int' })
  interviewId!: number;

  @OneToOne(() => Interview, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'interview_id' })
  interview?: Interview;

  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'varchar', length: 20 })
  provider!: string;
}
