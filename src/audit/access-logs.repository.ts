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

  /**
   * One statement per batch, whatever its size: the rows travel as twelve column arrays and unnest()
   * turns them back into rows (the ORM's insert would build and bind twelve parameters per row).
   */
  async insertMany(rows: NewAccessLog[]): Promise<void> {
    if (!rows.length) return;
    const column = <K extends keyof NewAccessLog>(key: K) => rows.map((r) => r[key]);
    await this.db.query(
      `INSERT INTO access_logs (tenant_id, user_id, invite_token_id, method, route, path, status, duration_ms, ip, user_agent, request_id, created_at)
       SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::varchar[], $5::varchar[], $6::varchar[], $7::smallint[], $8::int[], $9::varchar[], $10::varchar[], $11::varchar[], $12::timestamptz[])`,
      [
        column('tenantId'),
        column('userId'),
        column('inviteTokenId'),
        column('method'),
        column('route'),
        column('path'),
        column('status'),
        column('durationMs'),
        column('ip'),
        column('userAgent'),
        column('requestId'),
        column('createdAt'),
      ],
    );
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
