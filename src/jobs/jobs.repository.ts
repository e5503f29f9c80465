import { Injectable } from '@nestjs/common';
import { TenantRepository } from '../database/tenant-repository';
import { Job, JOB_SEARCH_VECTOR } from './job.entity';

export interface JobFilter {
  tsQuery: string | null;
  isActive?: boolean;
}

@Injectable()
export class JobsRepository extends TenantRepository {
  create(fields: Pick<Job, 'title' | 'description' | 'location' | 'skills' | 'isActive'>): Promise<Job> {
    return this.with(Job, (r) => r.save(r.create({ ...fields, tenantId: this.tenantId, questionSet: null })));
  }

  find(id: number): Promise<Job | null> {
    return this.with(Job, (r) => r.findOneBy({ tenantId: this.tenantId, id }));
  }

  /** Newest first; served by (tenant_id, id) / (tenant_id, is_active, id) and the search GIN index. */
  page(filter: JobFilter, offset: number, limit: number): Promise<[Job[], number]> {
    return this.with(Job, (r) => {
      const qb = r.createQueryBuilder('j').where('j.tenant_id = :tenantId', { tenantId: this.tenantId });
      if (filter.isActive !== undefined) qb.andWhere('j.is_active = :isActive', { isActive: filter.isActive });
      if (filter.tsQuery) qb.andWhere(`${JOB_SEARCH_VECTOR} @@ to_tsquery('simple', :q)`, { q: filter.tsQuery });
      return qb.orderBy('j.id', 'DESC').offset(offset).limit(limit).getManyAndCount();
    });
  }

  async update(id: number, changes: Partial<Pick<Job, 'title' | 'description' | 'location' | 'skills' | 'isActive' | 'questionSet'>>): Promise<void> {
    await this.with(Job, (r) => r.update({ tenantId: this.tenantId, id }, changes));
  }

  async delete(id: number): Promise<void> {
    await this.with(Job, (r) => r.delete({ tenantId: this.tenantId, id }));
  }
}
