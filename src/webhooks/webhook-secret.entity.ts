import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A tenant's webhook signing secret. The current one has no `expires_at`; a rotated one keeps working
 * until its `expires_at` (24 h), so senders can switch over. Stored as given: verifying an HMAC needs it.
 */
@Entity('webhook_secrets')
@Index(['tenantId', 'id'])
export class WebhookSecret {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  tenantId!: number;

  @Column({ type: 'varchar', length: 100 })
  secret!: string;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
