import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MetricSample, SampleKind } from './metric-sample.entity';

export type NewSample = Pick<MetricSample, 'tenantId' | 'kind' | 'source' | 'operation' | 'durationMs' | 'success' | 'interviewId'> & {
  sizeBytes?: number | null;
};

export interface RequestCountDelta {
  tenantId: number;
  minute: Date;
  status: number;
  code: string;
  count: number;
}

export interface WindowStats {
  uploadP95: number | null;
  analysisP95: number | null;
  requests: number;
  serverErrors: number;
  errorsByCode: Record<string, number>;
}

@Injectable()
export class MetricSamplesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insertMany(samples: NewSample[]): Promise<void> {
    if (!samples.length) return;
    await this.db
      .getRepository(MetricSample)
      .insert(samples.map((s) => ({ ...s, sizeBytes: s.sizeBytes === undefined || s.sizeBytes === null ? null : String(s.sizeBytes) })));
  }

  /** Adds counter deltas in one statement (several instances add to the same rows safely). */
  async addRequestCounts(deltas: RequestCountDelta[]): Promise<void> {
    if (!deltas.length) return;
    const values: unknown[] = [];
    const rows = deltas.map((d, i) => {
      values.push(d.tenantId, d.minute, d.status, d.code, d.count);
      const o = i * 5;
      return `($${o + 1}, $${o + 2}, $${o + 3}, $${o + 4}, $${o + 5})`;
    });
    await this.db.query(
      `INSERT INTO request_counts (tenant_id, minute, status, code, count) VALUES ${rows.join(', ')}
       ON CONFLICT (tenant_id, minute, status, code) DO UPDATE SET count = request_counts.count + EXCLUDED.count`,
      values,
    );
  }

  /**
   * p95s computed in the database (percentile_cont over the window's successful samples, found through
   * the (tenant_id, kind, created_at) index) and the request counters of the window. Raw SQL: an
   * aggregate the ORM cannot express.
   */
  async windowStats(tenantId: number, since: Date): Promise<WindowStats> {
    const p95 = async (kind: SampleKind): Promise<number | null> => {
      const rows: Array<{ p95: string | number | null }> = await this.db.query(
        `SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95
         FROM metric_samples WHERE tenant_id = $1 AND kind = $2 AND created_at >= $3 AND success`,
        [tenantId, kind, since],
      );
      return rows[0]?.p95 === null || rows[0]?.p95 === undefined ? null : Number(rows[0].p95);
    };
    const counts: Array<{ status: number; code: string; n: string }> = await this.db.query(
      `SELECT status, code, sum(count) AS n FROM request_counts WHERE tenant_id = $1 AND minute >= $2 GROUP BY status, code`,
      [tenantId, new Date(Math.floor(since.getTime() / 60_000) * 60_000)],
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
