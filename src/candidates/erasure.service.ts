import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CandidatesRepository } from './candidates.repository';

/**
 * Something that keeps data about candidates outside the rows that cascade from `candidates`
 * (stored media objects, for instance). `prepare` runs inside the erasure transaction, before the rows
 * go; the function it returns runs after the commit (deleting objects cannot be rolled back).
 */
export interface ErasureHook {
  readonly name: string;
  prepare(manager: EntityManager, tenantId: number, candidateIds: number[]): Promise<() => Promise<number>>;
}

export interface ErasureReport {
  candidates: number;
  objects: number;
}

export interface Erased {
  /** Candidates whose rows the transaction deleted. */
  candidates: number;
  /** After the commit: deletes what lives outside the database (stored objects) and reports the whole. */
  cleanup: () => Promise<ErasureReport>;
}

/**
 * Erases candidates completely: their rows (interviews, tokens, messages, … cascade in the database),
 * their outbox e-mails, and whatever the registered hooks hold.
 */
@Injectable()
export class ErasureService {
  private readonly logger = new Logger('Erasure');
  private readonly hooks: ErasureHook[] = [];

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly candidates: CandidatesRepository,
  ) {}

  register(hook: ErasureHook): void {
    this.hooks.push(hook);
  }

  /** Erases in the caller's transaction; `cleanup` is for after its commit. */
  async eraseWithin(manager: EntityManager, tenantId: number, candidateIds: number[]): Promise<Erased> {
    if (!candidateIds.length) return { candidates: 0, cleanup: async () => ({ candidates: 0, objects: 0 }) };
    const cleanups: Array<() => Promise<number>> = [];
    for (const hook of this.hooks) cleanups.push(await hook.prepare(manager, tenantId, candidateIds));
    const removed = await this.candidates.deleteWithTraces(manager, tenantId, candidateIds);
    const cleanup = async (): Promise<ErasureReport> => {
      let objects = 0;
      for (const step of cleanups) {
        try {
          objects += await step();
        } catch (e) {
          // The rows are gone; a storage failure is logged for ops to retry, never silently dropped.
          this.logger.error({ err: e, tenant_id: tenantId, candidate_ids: candidateIds }, 'erasure cleanup failed');
        }
      }
      return { candidates: removed, objects };
    };
    return { candidates: removed, cleanup };
  }

  /** Erases in a transaction of its own, then runs the cleanup. */
  async erase(tenantId: number, candidateIds: number[]): Promise<ErasureReport> {
    const { cleanup } = await this.db.transaction((manager) => this.eraseWithin(manager, tenantId, candidateIds));
    return cleanup();
  }
}
