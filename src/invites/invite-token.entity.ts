import { Column, CreateDateColumn, Entity, Index } from 'typeorm';
import { InterviewOwnedEntity } from '../interviews/interview-owned.entity';

/** A candidate's invite link token, stored only as its SHA-256. */
@Entity('invite_tokens')
@Index(['interviewId', 'id'])
export class InviteToken extends InterviewOwnedEntity {
  @Column({ type: 'int' })
  candidateId!: number;

  @Index({ unique: true })
  @Column({ type: 'char', length: 64 })
  tokenHash!: string;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  isLive(now = new Date()): boolean {
    return !this.revokedAt && this.expiresAt > now;
  }
}
