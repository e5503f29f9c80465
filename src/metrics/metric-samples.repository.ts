import { Injectable } from '@nestjs/common';
import { TenantRepository } from '../database/tenant-repository';
import { SampleKind } from './metric-sample.entity';

export interface WindowStats {
  uploadP95: number | null;
  analysisP95: number | null;
  requests: number;
  serverErrors: number;
  errorsByCode: Record<string, number>;
}

@Injectable()
export class MetricSamplesRepository extends TenantRepository {
  /**
   * p95s computed in the database (percentile_cont over the window's successful samples, found through
   * the (tenant_id, kind, created_at) index) and the request counters of the window. Raw SQL: an
   * aggregate the ORM cannot express.
   */
  async windowStats(since: Date): Promise<WindowStats> {
    const tenantId = this.tenantId;
    const p95 = async (kind: SampleKind): Promise<number | null> => {
      const rows: Array<{ p95: string | number | null }> = await this.run((m) =>
        m.query(
        `SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95
         FROM metric_samples WHERE tenant_id = $1 AND kind = $2 AND created_at >= $3 AND success`,
        [tenantId, kind, since],
        ),
      );
      return rows[0]?.p95 === null || rows[0]?.p95 === undefined ? null : Number(rows[0].p95);
    };
    const counts: Array<{ status: number; code: string; n: string }> = await this.run((m) =>
        m.query(
      `SELECT status, code, sum(count) AS n FROM request_counts WHERE tenant_id = $1 AND minute >= $2 GROUP BY status, code`,
      [tenantId, new Date(Math.floor(since.getTime() / 60_000) * 60_000)],
      ),
    );
    const errorsByCode: Record<string, number> = {};
    let requests = 0;
    let serverErrors = 0;
    for (const row of counts) {
      const n = Number(row.n);
      requests += n;
      if (row.status >= 500) serverErrors += n;
      if (row.status >= 400 && row.code) errorsByCode[row.code] = (errorsByCode[row.code] ?? 0) + n;
    }
    return { uploadP95: await p95('upload'), analysisP95: await p95('analysis'), requests, serverErrors, errorsByCode };
  }
}
