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

  findById(tenantId: number, manager: EntityManager = this.db.manager): Promise<Tenant | null> {
    return manager.getRepository(Tenant).findOneBy({ id: tenantId });
  }
}
