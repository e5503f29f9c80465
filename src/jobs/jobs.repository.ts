import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Job, JOB_SEARCH_VECTOR } from './job.entity';

export interface JobFilter {
  tsQuery: string | null;
  isActive?: boolean;
}

@Injectable()
export class JobsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private repo(manager: EntityManager = this.db.manager) {
    return manager.getRepository(Job);
  }

  create(tenantId: number, fields: Pick<Job, 'title' | 'description' | 'location' | 'skills' | 'isActive'>): Promise<Job> {
    return this.repo().save(this.repo().create({ ...fields, tenantId, questionSet: null }));
  }

  findForTenant(tenantId: number, id: number, manager?: EntityManager): Promise<Job | null> {
    return this.repo(manager).findOneBy({ tenantId, id });
  }

  /** Newest first; served by (tenant_id, id) / (tenant_id, is_active, id) and the search GIN index. */
  pageForTenant(tenantId: number, filter: JobFilter, offset: number, limit: number): Promise<[Job[], number]> {
    const qb = this.repo().createQueryBuilder('j').where('j.tenant_id = :tenantId', { tenantId });
    if (filter.isActive !== undefined) qb.andWhere('j.is_active = :isActive', { isActive: filter.isActive });
    if (filter.tsQuery) qb.andWhere(`${JOB_SEARCH_VECTOR} @@ to_tsquery('simple', :q)`, { q: filter.tsQuery });
    return qb.orderBy('j.id', 'DESC').offset(offset).limit(limit).getManyAndCount();
  }

  async update(tenantId: number, id: number, changes: Partial<Pick<Job, 'title' | 'description' | 'location' | 'skills' | 'isActive' | 'questionSet'>>): Promise<void> {
    await this.repo().update({ tenantId, id }, changes);
  }

  async delete(manager: EntityManager, tenantId: number, id: number): Promise<void> {
    await this.repo(manager).delete({ tenantId, id });
  }
}
