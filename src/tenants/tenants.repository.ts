import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Tenant } from './tenant.entity';

@Injectable()
export class TenantsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  create(manager: EntityManager, name: string): Promise<Tenant> {
    return manager.getRepository(Tenant).save(manager.getRepository(Tenant).create({ name, companyName: name }));
  }

  async update(tenantId: number, changes: Partial<Pick<Tenant, 'companyName' | 'defaultTokenTtlHours' | 'consentRequired' | 'consentTextVersion' | 'candidateRetentionDays' | 'webhookUrl'>>): Promise<void> {
    await this.db.getRepository(Tenant).update({ id: tenantId }, changes);
  }

  findById(tenantId: number, manager: EntityManager = this.db.manager): Promise<Tenant | null> {
    return manager.getRepository(Tenant).findOneBy({ id: tenantId });
  }
}
