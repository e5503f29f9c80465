import { Injectable } from '@nestjs/common';
import { Tenant } from './tenant.entity';
import { TenantsRepository } from './tenants.repository';

export type TenantSettings = Partial<Pick<Tenant, 'companyName' | 'defaultTokenTtlHours' | 'consentRequired' | 'consentTextVersion' | 'candidateRetentionDays' | 'webhookUrl'>>;

/** The organization in scope: what other features may read and change of it. */
@Injectable()
export class TenantsService {
  constructor(private readonly tenants: TenantsRepository) {}

  current(): Promise<Tenant | null> {
    return this.tenants.current();
  }

  update(changes: TenantSettings): Promise<void> {
    return this.tenants.update(changes);
  }

  /** Row-locks the organization in the ambient transaction: serialises changes that must not interleave. */
  lock(): Promise<void> {
    return this.tenants.lock();
  }
}
