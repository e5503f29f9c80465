import { Column, Entity } from 'typeorm';
import { BaseEntity } from '../database/base.entity';

/** An organization. Its settings live on the same row: one read serves every request that needs them. */
@Entity('tenants')
export class Tenant extends BaseEntity {
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 200 })
  companyName!: string;

  @Column({ type: 'int', default: 168 })
  defaultTokenTtlHours!: number;

  @Column({ type: 'boolean', default: true })
  consentRequired!: boolean;

  @Column({ type: 'varchar', length: 50, default: 'v1' })
  consentTextVersion!: string;

  @Column({ type: 'int', nullable: true })
  candidateRetentionDays!: number | null;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  webhookUrl!: string | null;
}
