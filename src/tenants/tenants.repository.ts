import { Injectable } from '@nestjs/common';
import { TenantRepository } from '../database/tenant-repository';
import { Tenant } from './tenant.entity';
import type { TenantSettings } from './tenants.service';

/** The organization in scope's own row (new organizations are created by SystemRepository). */
@Injectable()
export class TenantsRepository extends TenantRepository {
  async update(changes: TenantSettings): Promise<void> {
    await this.with(Tenant, (r) => r.update({ id: this.tenantId }, changes));
  }

  current(): Promise<Tenant | null> {
    return this.with(Tenant, (r) => r.findOneBy({ id: this.tenantId }));
  }

  /** Row-locks the organization: serialises changes that must not interleave (webhook secret rotation). */
  async lock(): Promise<void> {
    await this.run((m) => m.query('SELECT id FROM tenants WHERE id = $1 FOR UPDATE', [this.tenantId]));
  }
}
