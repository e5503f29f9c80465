import { Injectable, Logger } from '@nestjs/common';
import { DispatchItem, PollingDispatcher, RetryPolicy } from '../common/polling-dispatcher';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { SystemRepository } from '../database/system.repository';
import { TenantScope } from '../database/tenant-scope';
import { BackgroundJob } from './background-job.entity';

/** A claimed job, as its handler sees it. */
export interface ClaimedJob extends DispatchItem {
  tenantId: number;
  kind: string;
  payload: Record<string, unknown>;
}

export interface JobHandler {
  /**
   * Work outside the database (deleting stored objects), done before the job's transaction opens so no
   * connection waits on it. It must be safe to repeat: a crash after it and before the commit means
   * another attempt.
   */
  outside?(job: ClaimedJob): Promise<void>;
  /**
   * Work on the database, for the job's organization, inside the ambient transaction that marks the job
   * done: it happens exactly once.
   */
  run?(job: ClaimedJob): Promise<void>;
  /** Called once when the job fails for the last time. */
  gaveUp?(job: ClaimedJob, error: string): Promise<void>;
  /** Attempts before giving up; default JOB_MAX_ATTEMPTS. `Infinity`: retried until it succeeds. */
  maxAttempts?: number;
}

/** A job of the organization in scope. */
export interface NewJob {
  kind: string;
  payload: Record<string, unknown>;
  /** At most one job per key, ever. */
  dedupeKey?: string;
}

const LEASE_MS = 5 * 60_000;

/**
 * Durable background work. `enqueue` writes a job in the ambient transaction, so the job exists if and
 * only if the state change that calls for it committed. Every instance polls for due jobs (claimed with
 * SKIP LOCKED, leased, retried with exponential backoff from JOB_POLL_INTERVAL_MS); the instance that wrote
 * a job also starts it right after its commit (`runSoon`, `runNow`), so in the normal case nothing waits
 * for a poll. A job whose instance dies mid-run is claimed again when its lease ends.
 */
@Injectable()
export class BackgroundJobs extends PollingDispatcher<ClaimedJob> {
  protected readonly logger = new Logger('BackgroundJobs');
  private readonly handlers = new Map<string, JobHandler>();
  /** Jobs this instance is running now, by id. */
  private readonly inFlight = new Map<number, Promise<string>>();
  /** Runs started by runNow/runSoon, awaited on shutdown. */
  private readonly direct = new Set<Promise<number[]>>();

  constructor(
    private readonly database: Database,
    private readonly system: SystemRepository,
    private readonly config: AppConfig,
  ) {
    super();
  }

  /** Registers the handler of a job kind (once, at module init). */
  handle(kind: string, handler: JobHandler): void {
    if (this.handlers.has(kind)) throw new Error(`A handler for background job "${kind}" is already registered`);
    this.handlers.set(kind, handler);
  }

  /** Writes a job in the ambient transaction; returns its id, or null when its dedupe key is taken. */
  async enqueue(job: NewJob): Promise<number | null> {
    const tenantId = TenantScope.requireTenantId();
    const rows: Array<{ id: number }> = await this.database.transaction((m) =>
      m.query(
        `INSERT INTO background_jobs (tenant_id, kind, payload, dedupe_key) VALUES ($1, $2, $3, $4)
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
        [tenantId, job.kind, JSON.stringify(job.payload), job.dedupeKey ?? null],
      ),
    );
    return rows.length ? Number(rows[0].id) : null;
  }

  /**
   * After the enqueuing transaction committed: runs these jobs now, and answers the ids that are done. A
   * failed attempt is retried later; a job another instance claimed first is not waited for.
   */
  runNow(ids: Array<number | null>): Promise<number[]> {
    const run = this.runClaimed(ids.filter((id): id is number => id !== null));
    this.direct.add(run);
    return run.finally(() => this.direct.delete(run));
  }

  /** As runNow, without waiting: the caller answers its client first. */
  runSoon(ids: Array<number | null>): void {
    setImmediate(() => void this.runNow(ids));
  }

  /** The poller stops first (see PollingDispatcher), then the runs started by runNow/runSoon finish. */
  override async beforeApplicationShutdown(): Promise<void> {
    await super.beforeApplicationShutdown();
    await Promise.allSettled([...this.direct]);
  }

  private async runClaimed(wanted: number[]): Promise<number[]> {
    if (!wanted.length || this.stopping) return [];
    const done: number[] = [];
    try {
      const claimed = await this.claimIds(wanted);
      for (const job of claimed) if ((await this.deliverEach([job])) === 1) done.push(job.id);
      // This instance's poller may have claimed some of them first: wait for those runs too.
      const elsewhere = wanted.filter((id) => !claimed.some((job) => job.id === id));
      for (const id of elsewhere) {
        const outcome = await this.inFlight.get(id)?.catch(() => undefined);
        if (outcome === 'done') done.push(id);
      }
    } catch (e) {
      this.logger.warn({ err: e, job_ids: wanted }, 'could not run jobs now; they wait for the next poll');
    }
    return done;
  }

  protected policy(): RetryPolicy {
    return { intervalMs: this.config.JOB_POLL_INTERVAL_MS, maxAttempts: this.config.JOB_MAX_ATTEMPTS };
  }

  /** Only kinds this instance can run: during a rolling deploy an older instance leaves newer kinds alone. */
  protected async claim(limit: number): Promise<ClaimedJob[]> {
    return this.rowsToJobs(await this.system.claimDue('background_jobs', ['tenant_id', 'kind', 'payload'], limit, LEASE_MS, { kinds: [...this.handlers.keys()] }));
  }

  private async claimIds(ids: number[]): Promise<ClaimedJob[]> {
    return this.rowsToJobs(
      await this.system.claimDue('background_jobs', ['tenant_id', 'kind', 'payload'], ids.length, LEASE_MS, { ids, kinds: [...this.handlers.keys()] }),
    );
  }

  private rowsToJobs(rows: Array<Record<string, unknown>>): ClaimedJob[] {
    return rows.map((r) => ({
      id: Number(r.id),
      attempts: Number(r.attempts),
      tenantId: Number(r.tenant_id),
      kind: String(r.kind),
      payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, unknown>,
    }));
  }

  protected deliver(job: ClaimedJob): Promise<string> {
    const run = this.runInTransaction(job);
    this.inFlight.set(job.id, run);
    return run.finally(() => this.inFlight.delete(job.id));
  }

  /** Runs the handler and marks the job done in one transaction, holding the job's row lock throughout. */
  private async runInTransaction(job: ClaimedJob): Promise<string> {
    const handler = this.handlers.get(job.kind);
    if (!handler) throw new Error(`No handler for background job "${job.kind}"`);
    await TenantScope.run(job.tenantId, async () => handler.outside?.(job));
    await TenantScope.run(job.tenantId, () =>
      this.database.transaction(async (manager) => {
        // Another instance whose lease on this job ran out may be running it: the row lock makes the two
        // take turns, and the second finds it done.
        const [row]: Array<{ status: string }> = await manager.query(`SELECT status FROM background_jobs WHERE tenant_id = $1 AND id = $2 FOR UPDATE`, [
          job.tenantId,
          job.id,
        ]);
        if (row?.status !== 'pending') return;
        await handler.run?.(job);
        await manager.getRepository(BackgroundJob).update({ tenantId: job.tenantId, id: job.id }, { status: 'done', doneAt: new Date(), lastError: null });
      }),
    );
    return 'done';
  }

  /** Marked done by `deliver`, in the handler's transaction. */
  protected async markSent(): Promise<void> {}

  protected override maxAttempts(job: ClaimedJob): number {
    return this.handlers.get(job.kind)?.maxAttempts ?? super.maxAttempts(job);
  }

  protected async markFailed(job: ClaimedJob, error: string, retryAt: Date | null): Promise<void> {
    // Only while pending: an instance that claimed the job after this one's lease ran out may have done it.
    const changed = await this.system.updateQueued(
      'background_jobs',
      job.id,
      retryAt ? { last_error: error, next_attempt_at: retryAt } : { last_error: error, status: 'failed' },
      'pending',
    );
    if (!retryAt && changed) {
      this.logger.error({ job_id: job.id, kind: job.kind, tenant_id: job.tenantId, attempts: job.attempts, error }, 'background job gave up');
      await TenantScope.run(job.tenantId, async () => this.handlers.get(job.kind)?.gaveUp?.(job, error));
    }
  }
}
