import { Injectable } from '@nestjs/common';
import { TenantRepository } from '../database/tenant-repository';
import { AccessLog } from './access-log.entity';

export interface AccessLogFilter {
  userId?: number;
  pathPrefix?: string;
  status?: number;
  from?: Date;
  to?: Date;
}

/** The organization's request log (written in batches across organizations, see SystemRepository). */
@Injectable()
export class AccessLogsRepository extends TenantRepository {
  /** Newest first; the (tenant_id, created_at) index serves the tenant and the date range. */
  page(filter: AccessLogFilter, offset: number, limit: number): Promise<[AccessLog[], number]> {
    return this.with(AccessLog, (r) => {
      const qb = r.createQueryBuilder('l').where('l.tenant_id = :tenantId', { tenantId: this.tenantId });
      if (filter.userId !== undefined) qb.andWhere('l.user_id = :userId', { userId: filter.userId });
      if (filter.status !== undefined) qb.andWhere('l.status = :status', { status: filter.status });
      if (filter.from) qb.andWhere('l.created_at >= :from', { from: filter.from });
      if (filter.to) qb.andWhere('l.created_at <= :to', { to: filter.to });
      if (filter.pathPrefix) qb.andWhere(`l.path LIKE :prefix ESCAPE '\\'`, { prefix: `${filter.pathPrefix.replace(/[\\%_]/g, '\\$&')}%` });
      return qb.orderBy('l.created_at', 'DESC').addOrderBy('l.id', 'DESC').offset(offset).limit(limit).getManyAndCount();
    });
  }
}
