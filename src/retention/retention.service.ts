import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { DataSource, QueryRunner } from 'typeorm';
import { ErasureService } from '../candidates/erasure.service';
import { AppConfig } from '../config/app-config';
import { RetentionRepository } from './retention.repository';

/** One key for the purge across all instances (PostgreSQL advisory lock). */
const RETENTION_LOCK_KEY = 72_410_002;
const OPERATIONAL_RETENTION_DAYS = 30;
const CANDIDATE_BATCH = 100;
const CRON_NAME = 'retention-purge';

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
 * Deletes what is past its retention, in small batches (each its own statement and transaction, so a
 * run can be interrupted and rerun), on one instance at a time: a PostgreSQL session advisory lock held
 * by a connection of its own for the whole run, plus an in-process guard. Each batch borrows a pool
 * connection and gives it back, so requests keep flowing during a long purge (use a pool of 2 or more).
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Retention');
  private running = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly repo: RetentionRepository,
    private readonly erasure: ErasureService,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.RETENTION_CRON === 'off') return;
    const job = CronJob.from({ cronTime: this.config.RETENTION_CRON, onTick: () => void this.scheduled(), start: true });
    this.scheduler.addCronJob(CRON_NAME, job);
  }

  beforeApplicationShutdown(): void {
    if (this.scheduler.doesExist('cron', CRON_NAME)) void this.scheduler.getCronJob(CRON_NAME).stop();
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
    // Embedded: one process owns the database (lock file) and it is one session, so the in-process guard
    // is the lock and batches borrow the single connection in turn. Otherwise an advisory lock on a
    // connection of its own; with a one-connection pool that connection also does the work.
    const lock = this.config.usesEmbeddedDatabase ? undefined : this.db.createQueryRunner();
    try {
      if (lock) {
        const [{ locked }] = (await lock.query('SELECT pg_try_advisory_lock($1) AS locked', [RETENTION_LOCK_KEY])) as Array<{ locked: boolean }>;
        if (!locked) throw new RetentionBusyError();
      }
      try {
        return await this.purge(options, lock && this.poolSize() < 2 ? lock : undefined);
      } finally {
        await lock?.query('SELECT pg_advisory_unlock($1)', [RETENTION_LOCK_KEY]);
      }
    } finally {
      await lock?.release();
      this.running = false;
    }
  }

  private poolSize(): number {
    return Number((this.db.options as { extra?: { max?: number } }).extra?.max ?? 10);
  }

  /** Runs one batch on `shared`, or on a pooled connection of its own that goes back afterwards. */
  private async batch<T>(shared: QueryRunner | undefined, step: (runner: QueryRunner) => Promise<T>): Promise<T> {
    if (shared) return step(shared);
    const runner = this.db.createQueryRunner();
    try {
      return await step(runner);
    } finally {
      await runner.release();
    }
  }

  private async purge(options: RetentionOptions, shared: QueryRunner | undefined): Promise<RetentionReport> {
    const started = new Date();
    const size = this.config.RETENTION_BATCH_SIZE;
    let budget = options.maxBatches ?? Number.POSITIVE_INFINITY;
    const t = options.tenantId;
    const removed = { access_logs: 0, metric_samples: 0, tokens: 0, outbox: 0, candidates: 0, objects: 0 };
    const drain = async (step: (runner: QueryRunner) => Promise<number>): Promise<number> => {
      let total = 0;
      while (budget > 0) {
        budget--;
        const n = await this.batch(shared, step);
        total += n;
        if (n < size) break;
      }
      return total;
    };
    const operational = daysAgo(OPERATIONAL_RETENTION_DAYS);
    removed.access_logs = await drain((r) => this.repo.deleteAccessLogs(r, daysAgo(this.config.ACCESS_LOG_RETENTION_DAYS), size, t));
    removed.metric_samples =
      (await drain((r) => this.repo.deleteMetricSamples(r, operational, size, t))) +
      (await drain((r) => this.repo.deleteRequestCounts(r, operational, size, t)));
    removed.tokens =
      (await drain((r) => this.repo.deleteDeadInviteTokens(r, operational, size, t))) +
      (await drain((r) => this.repo.deleteDeadRefreshTokens(r, operational, size, t))) +
      (t === undefined ? await drain((r) => this.repo.deleteDeadPasswordSetupTokens(r, operational, size)) : 0);
    removed.outbox =
      (await drain((r) => this.repo.deleteFinishedOutbox(r, operational, size, t))) +
      (await drain((r) => this.repo.deleteFinishedWebhookDeliveries(r, operational, size, t))) +
      (t === undefined ? await drain((r) => this.repo.deleteExpiredReplays(r, size)) : 0);

    while (budget > 0) {
      budget--;
      const stale = await this.batch(shared, (r) => this.repo.staleCandidates(r, CANDIDATE_BATCH, t));
      for (const [tenantId, ids] of groupByTenant(stale)) {
        const report = await this.batch(shared, (r) => this.erasure.erase(tenantId, ids, r.manager));
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

function groupByTenant(list: Array<{ tenantId: number; id: number }>): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  for (const row of list) groups.set(row.tenantId, [...(groups.get(row.tenantId) ?? []), row.id]);
  return groups;
}
