import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { DataSource, QueryRunner } from 'typeorm';
import { ErasureReport, ErasureService } from '../candidates/erasure.service';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { SystemRepository } from '../database/system.repository';
import { RetentionRepository } from './retention.repository';

/**
 * Advisory locks `(RETENTION_LOCK_NS, scope)`: scope = an organization's id for that organization's purge,
 * SWEEP_SCOPE (0, never a tenant id) for the scheduled sweep over all of them. Two organizations' manual
 * runs never collide, and the sweep only skips an organization whose own purge is running at that moment.
 */
export const RETENTION_LOCK_NS = 72_410_002;
export const SWEEP_SCOPE = 0;
const TENANT_PAGE = 500;
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
  /** Lock scopes held by this process (on the embedded engine, the only lock). */
  private readonly running = new Set<number>();
  private readonly waiting = new Set<number>();
  private turns: Promise<void> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly database: Database,
    private readonly config: AppConfig,
    private readonly repo: RetentionRepository,
    private readonly system: SystemRepository,
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

  /** One organization's purge (`tenantId`), or the sweep over every organization and the tenant-less rows. */
  async run(options: RetentionOptions = {}): Promise<RetentionReport> {
    const scope = options.tenantId ?? SWEEP_SCOPE;
    // The same organization (or the sweep) already running or waiting here: refused, as on another instance.
    if (this.running.has(scope) || this.waiting.has(scope)) throw new RetentionBusyError();
    // One run at a time per process, the others wait their turn: each holds a lock connection and borrows
    // another per batch, so parallel runs of many organizations would otherwise take the whole pool.
    this.waiting.add(scope);
    const turn = this.turns.then(() => {
      this.waiting.delete(scope);
      return this.runNow(options, scope);
    });
    this.turns = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  private async runNow(options: RetentionOptions, scope: number): Promise<RetentionReport> {
    // Embedded: one process owns the database (lock file) and it is one session, so the in-process set is
    // the lock and batches borrow the single connection in turn. Otherwise advisory locks on a connection
    // of their own; with a one-connection pool that connection also does the work.
    const lock = this.config.usesEmbeddedDatabase ? undefined : this.db.createQueryRunner();
    const budget: Budget = { left: options.maxBatches ?? Number.POSITIVE_INFINITY, cleanups: [] };
    const started = new Date();
    const removed = emptyCounts();
    try {
      if (!(await this.acquire(lock, scope))) throw new RetentionBusyError();
      try {
        const shared = lock && this.poolSize() < 2 ? lock : undefined;
        if (options.tenantId !== undefined) {
          add(removed, await this.purgeTenant(options.tenantId, budget, shared));
        } else {
          add(removed, await this.sweepTenants(lock, budget, shared));
          add(removed, await this.purgeTenantless(budget, shared));
        }
      } finally {
        await this.releaseLock(lock, scope);
      }
    } finally {
      await lock?.release();
    }
    // Erased candidates' objects go once every connection of the run is back: their deletion job needs one.
    for (const cleanup of budget.cleanups) removed.objects += (await cleanup()).objects;
    const result = { started_at: started.toISOString(), finished_at: new Date().toISOString(), removed };
    this.logger.log({ tenant_id: options.tenantId ?? 'all', ...result }, 'retention purge finished');
    return result;
  }

  private async acquire(lock: QueryRunner | undefined, scope: number): Promise<boolean> {
    if (this.running.has(scope)) return false;
    this.running.add(scope);
    if (!lock) return true;
    try {
      const [{ locked }] = (await lock.query('SELECT pg_try_advisory_lock($1, $2) AS locked', [RETENTION_LOCK_NS, scope])) as Array<{ locked: boolean }>;
      if (!locked) this.running.delete(scope);
      return locked;
    } catch (e) {
      this.running.delete(scope);
      throw e;
    }
  }

  private async releaseLock(lock: QueryRunner | undefined, scope: number): Promise<void> {
    try {
      await lock?.query('SELECT pg_advisory_unlock($1, $2)', [RETENTION_LOCK_NS, scope]);
    } finally {
      this.running.delete(scope);
    }
  }

  /** Every organization in turn, each under its own lock on the sweep's lock connection. */
  private async sweepTenants(lock: QueryRunner | undefined, budget: Budget, shared: QueryRunner | undefined): Promise<RetentionReport['removed']> {
    const removed = emptyCounts();
    for (let after = 0; budget.left > 0; ) {
      const ids = await this.batch(shared, () => this.system.tenantIdsAfter(after, TENANT_PAGE));
      for (const tenantId of ids) {
        if (budget.left <= 0) break;
        if (!(await this.acquire(lock, tenantId))) {
          this.logger.log({ tenant_id: tenantId }, 'retention sweep skipped an organization whose own purge is running');
          continue;
        }
        try {
          add(removed, await this.purgeTenant(tenantId, budget, shared));
        } finally {
          await this.releaseLock(lock, tenantId);
        }
      }
      if (ids.length < TENANT_PAGE) break;
      after = ids[ids.length - 1];
    }
    return removed;
  }

  private poolSize(): number {
    return Number((this.db.options as { extra?: { max?: number } }).extra?.max ?? 10);
  }

  /**
   * Runs one batch in a transaction of its own as the system role (or, with `tenantId`, as that
   * organization), on `shared` or on a pooled connection of its own that goes back afterwards.
   */
  private async batch<T>(shared: QueryRunner | undefined, step: () => Promise<T>, tenantId?: number): Promise<T> {
    const runner = shared ?? this.db.createQueryRunner();
    try {
      return await this.database.on(runner, tenantId === undefined ? 'system' : 'tenant', tenantId, step);
    } finally {
      if (!shared) await runner.release();
    }
  }

  /** Drains one kind of row in batches until a short batch or the run's batch budget ends it. */
  private async drain(budget: Budget, shared: QueryRunner | undefined, step: () => Promise<number>, tenantId?: number): Promise<number> {
    let total = 0;
    while (budget.left > 0) {
      budget.left--;
      const n = await this.batch(shared, step, tenantId);
      total += n;
      if (n < this.config.RETENTION_BATCH_SIZE) break;
    }
    return total;
  }

  private async purgeTenant(t: number, budget: Budget, shared: QueryRunner | undefined): Promise<RetentionReport['removed']> {
    const size = this.config.RETENTION_BATCH_SIZE;
    // Each batch is a transaction of the organization's own (row-level security and all).
    const drain = (step: () => Promise<number>) => this.drain(budget, shared, step, t);
    const removed = emptyCounts();
    const operational = daysAgo(OPERATIONAL_RETENTION_DAYS);
    removed.access_logs = await drain(() => this.repo.deleteAccessLogs(daysAgo(this.config.ACCESS_LOG_RETENTION_DAYS), size));
    removed.metric_samples = (await drain(() => this.repo.deleteMetricSamples(operational, size))) + (await drain(() => this.repo.deleteRequestCounts(operational, size)));
    removed.tokens = (await drain(() => this.repo.deleteDeadInviteTokens(operational, size))) + (await drain(() => this.repo.deleteDeadRefreshTokens(operational, size)));
    removed.outbox =
      (await drain(() => this.repo.deleteFinishedOutbox(operational, size))) +
      (await drain(() => this.repo.deleteFinishedWebhookDeliveries(operational, size))) +
      (await drain(() => this.repo.deleteFinishedBackgroundJobs(operational, size)));
    while (budget.left > 0) {
      budget.left--;
      const ids = await this.batch(shared, () => this.repo.staleCandidates(CANDIDATE_BATCH), t);
      if (ids.length) {
        const erased = await this.batch(shared, () => this.erasure.eraseWithin(ids), t);
        removed.candidates += erased.candidates;
        budget.cleanups.push(erased.cleanup);
      }
      if (ids.length < CANDIDATE_BATCH) break;
    }
    return removed;
  }

  /** Rows that belong to no organization: password-setup tokens, e-mails without a tenant, webhook replay memory. */
  private async purgeTenantless(budget: Budget, shared: QueryRunner | undefined): Promise<RetentionReport['removed']> {
    const size = this.config.RETENTION_BATCH_SIZE;
    const drain = (step: () => Promise<number>) => this.drain(budget, shared, step);
    const operational = daysAgo(OPERATIONAL_RETENTION_DAYS);
    const removed = emptyCounts();
    removed.access_logs = await drain(() => this.system.deleteTenantlessAccessLogs(daysAgo(this.config.ACCESS_LOG_RETENTION_DAYS), size));
    removed.tokens = await drain(() => this.system.deleteDeadPasswordSetupTokens(operational, size));
    removed.outbox = (await drain(() => this.system.deleteFinishedTenantlessOutbox(operational, size))) + (await drain(() => this.system.deleteExpiredReplays(size)));
    return removed;
  }
}

interface Budget {
  left: number;
  /** Object deletions of erased candidates, run when the run's connections are back. */
  cleanups: Array<() => Promise<ErasureReport>>;
}

const emptyCounts = (): RetentionReport['removed'] => ({ access_logs: 0, metric_samples: 0, tokens: 0, outbox: 0, candidates: 0, objects: 0 });

function add(total: RetentionReport['removed'], part: RetentionReport['removed']): void {
  for (const key of Object.keys(total) as (keyof RetentionReport['removed'])[]) total[key] += part[key];
}
