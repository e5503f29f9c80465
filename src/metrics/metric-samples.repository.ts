import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MetricSample } from './metric-sample.entity';

export type NewSample = Pick<MetricSample, 'tenantId' | 'kind' | 'source' | 'operation' | 'durationMs' | 'success' | 'interviewId'> & {
  sizeBytes?: number | null;
};

@Injectable()
export class MetricSamplesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insertMany(samples: NewSample[]): Promise<void> {
    if (!samples.length) return;
    await this.db
      .getRepository(MetricSample)
      .insert(samples.map((s) => ({ ...s, sizeBytes: s.sizeBytes === undefined || s.sizeBytes === null ? null : String(s.sizeBytes) })));
  }
}
