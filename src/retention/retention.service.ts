import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CronJob } from 'cron';
import { DataSource, QueryRunner } from 'typeorm';
import { ErasureService } from '../candidates/erasure.service';
import { AppConfig } from '../config/app-config';
import { RetentionRepository } from './retention.repository';

/** One key for the purge across all instances (PostgreSQL advisory lock). */
const RETENTION_LOCK_KEY = 72_410_002;
const OPERATIONAL_RETENTION_DAYS = 30;
const CANDIDATE_BATCH = 100;

export interface RetentionReport {
  started_at: string;
  finished_at: string;
  removed: { access_logs: number; metric_samples: number; tokens: number; outbox: number; candidates: number; objects: number };
}

export interface RetentionOptions {
  /** Limit the run to one organization (the manual run); all organizations otherwise. */
  tenantId?: number;
  /** Stop after this many batches (an interrupted run); the next run carries on. */
  maxBatches?: number;
}

export class RetentionBusyError extends Error {
  constructor() {
    super('A retention purge is already running');
  }
}

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

/**
 * Deletes what is past its retention, in small batches (each its own transaction, so a run can be
 * interrupted and rerun), on one instance at a time: a session advisory lock held on the connection
 * that does the work, plus an in-process guard (the embedded engine has one session for everything).
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Retention');
  private running = false;
  private job?: CronJob;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly repo: RetentionRepository,
    private readonly erasure: ErasureService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.RETENTION_CRON === 'off') return;
    this.job = CronJob.from({
      cronTime: this.config.RETENTION_CRON,
      onTick: () => void this.scheduled(),
      start: true,
    });
  }

  beforeApplicationShutdown(): void {
    void this.job?.stop();
  }

  private async scheduled(): Promise<void> {
    try {
      await this.run();
    } catch (e) {
      if (e instanceof RetentionBusyError) this.logger.log('retention purge skipped: another instance is running it');
      else this.logger.error({ err: e }, 'retention purge failed');
    }
  }

  async run(options: RetentionOptions = {}): Promise<RetentionReport> {
    if (this.running) throw new RetentionBusyError();
    this.running = true;
    const runner = this.db.createQueryRunner();
    try {
      const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [RETENTION_LOCK_KEY])) as Array<{ locked: boolean }>;
      if (!locked) throw new RetentionBusyError();
      try {
        return await this.purge(runner, options);
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [RETENTION_LOCK_KEY]);
      }
    } finally {
      await runner.release();
      this.running = false;
    }
  }

  private async purge(runner: QueryRunner, options: RetentionOptions): Promise<RetentionReport> {
    const started = new Date();
    const batch = this.config.RETENTION_BATCH_SIZE;
    let budget = options.maxBatches ?? Number.POSITIVE_INFINITY;
    const t = options.tenantId;
    const removed = { access_logs: 0, metric_samples: 0, tokens: 0, outbox: 0, candidates: 0, objects: 0 };
    const drain = async (step: () => Promise<number>): Promise<number> => {
      let total = 0;
      while (budget > 0) {
        budget--;
        const n = await step();
        total += n;
        if (n < batch) break;
      }
      return total;
    };
    const operational = daysAgo(OPERATIONAL_RETENTION_DAYS);
    removed.access_logs = await drain(() => this.repo.deleteAccessLogs(runner, daysAgo(this.config.ACCESS_LOG_RETENTION_DAYS), batch, t));
    removed.metric_samples =
      (await drain(() => this.repo.deleteMetricSamples(runner, operational, batch, t))) +
      (await drain(() => this.repo.deleteRequestCounts(runner, operational, batch, t)));
    removed.tokens =
      (await drain(() => this.repo.deleteDeadInviteTokens(runner, operational, batch, t))) +
      (await drain(() => this.repo.deleteDeadRefreshTokens(runner, operational, batch, t))) +
      (t === undefined ? await drain(() => this.repo.deleteDeadPasswordSetupTokens(runner, operational, batch)) : 0);
    removed.outbox =
      (await drain(() => this.repo.deleteSentOutbox(runner, operational, batch, t))) +
      (await drain(() => this.repo.deleteSentWebhookDeliveries(runner, operational, batch, t))) +
      (t === undefined ? await drain(() => this.repo.deleteExpiredReplays(runner, batch)) : 0);

    while (budget > 0) {
      budget--;
      const stale = await this.repo.staleCandidates(runner, CANDIDATE_BATCH, t);
      if (!stale.length) break;
      for (const [tenantId, ids] of groupByTenant(stale)) {
        await runner.startTransaction();
        let cleanup;
        try {
          cleanup = await this.erasure.eraseWithin(runner.manager, tenantId, ids);
          await runner.commitTransaction();
        } catch (e) {
          await runner.rollbackTransaction();
          throw e;
        }
        const report = await cleanup();
        removed.candidates += report.candidates;
        removed.objects += report.objects;
      }
      if (stale.length < CANDIDATE_BATCH) break;
    }
    const result = { started_at: started.toISOString(), finished_at: new Date().toISOString(), removed };
    this.logger.log({ tenant_id: t ?? 'all', ...result }, 'retention purge finished');
    return result;
  }
}

function groupByTenant(rows: Array<{ tenantId: number; id: number }>): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  for (const row of rows) groups.set(row.tenantId, [...(groups.get(row.tenantId) ?? []), row.id]);
  return groups;
}
