import { Column, CreateDateColumn, Entity, Index } from 'typeorm';
import { InterviewOwnedEntity } from '../interviews/interview-owned.entity';

export const MESSAGE_ROLES = ['assistant', 'user'] as const;
export type MessageRole = (typeof MESSAGE_ROLES)[number];

@Entity('conversation_messages')
@Index(['interviewId', 'sequenceNumber'], { unique: true })
@Index(['interviewId', 'idempotencyKey'], { unique: true })
export class ConversationMessage extends InterviewOwnedEntity {
  @Column({ type: 'varchar', length: 10 })
  role!: MessageRole;

  @Column({ type: 'text' })
  content!: string;

  @Column({ type: 'int' })
  sequenceNumber!: number;

  /** The candidate app's Idempotency-Key of the answer, so a retried request returns the stored exchange. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  idempotencyKey!: string | null;

  /** The interview question this message asks or answers (candidate-app flow). */
  @Column({ type: 'varchar', length: 20, nullable: true })
  questionId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
