import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessLog } from './access-log.entity';

export type NewAccessLog = Omit<AccessLog, 'id'>;

export interface AccessLogFilter {
  userId?: number;
  pathPrefix?: string;
  status?: number;
  from?: Date;
  to?: Date;
}

@Injectable()
export class AccessLogsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insertMany(rows: NewAccessLog[]): Promise<void> {
    if (rows.length) await this.db.getRepository(AccessLog).insert(rows);
  }

  /** Newest first; the (tenant_id, created_at) index serves the tenant and the date range. */
  page(tenantId: number, filter: AccessLogFilter, offset: number, limit: number): Promise<[AccessLog[], number]> {
    const qb = this.db.getRepository(AccessLog).createQueryBuilder('l').where('l.tenant_id = :tenantId', { tenantId });
    if (filter.userId !== undefined) qb.andWhere('l.user_id = :userId', { userId: filter.userId });
    if (filter.status !== undefined) qb.andWhere('l.status = :status', { status: filter.status });
    if (filter.from) qb.andWhere('l.created_at >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('l.created_at <= :to', { to: filter.to });
    if (filter.pathPrefix) qb.andWhere(`l.path LIKE :prefix ESCAPE '\\'`, { prefix: `${filter.pathPrefix.replace(/[\\%_]/g, '\\$&')}%` });
    return qb.orderBy('l.created_at', 'DESC').addOrderBy('l.id', 'DESC').offset(offset).limit(limit).getManyAndCount();
  }
}
