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

  /** Erase in the caller's transaction; returns the after-commit cleanup. */
  async eraseWithin(manager: EntityManager, tenantId: number, candidateIds: number[]): Promise<() => Promise<ErasureReport>> {
    if (!candidateIds.length) return async () => ({ candidates: 0, objects: 0 });
    const cleanups: Array<() => Promise<number>> = [];
    for (const hook of this.hooks) cleanups.push(await hook.prepare(manager, tenantId, candidateIds));
    const removed = await this.candidates.deleteWithTraces(manager, tenantId, candidateIds);
    return async () => {
      let objects = 0;
      for (const cleanup of cleanups) {
        try {
          objects += await cleanup();
        } catch (e) {
          // The rows are gone; a storage failure is logged for ops to retry, never silently dropped.
          this.logger.error({ err: e, tenant_id: tenantId, candidate_ids: candidateIds }, 'erasure cleanup failed');
        }
      }
      return { candidates: removed, objects };
    };
  }

  /** Erases in a transaction of its own (on `connection`'s query runner when given), then deletes the objects. */
  async erase(tenantId: number, candidateIds: number[], connection: EntityManager = this.db.manager): Promise<ErasureReport> {
    const cleanup = await connection.transaction((manager) => this.eraseWithin(manager, tenantId, candidateIds));
    return cleanup();
  }
}
