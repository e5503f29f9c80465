import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { Tenant } from '../tenants/tenant.entity';
import { BaseEntity } from './base.entity';

/** A row that belongs to one organization; deleting the organization deletes it. */
export abstract class TenantOwnedEntity extends BaseEntity {
  @Column({ type: 'int' })
  tenantId!: number;

  @ManyToOne(() => Tenant, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: Tenant;
}
