import { Injectable, Logger } from '@nestjs/common';
import { Database } from '../database/database';
import { TenantScope } from '../database/tenant-scope';
import { candidateRef } from './candidate-ref';
import { CandidatesRepository } from './candidates.repository';

/**
 * Something that keeps data about candidates outside the rows that cascade from `candidates`
 * (stored media objects, e-mails and webhooks about them). `prepare` runs inside the erasure's (ambient)
 * transaction, for the organization in scope, before the rows go; the function it returns runs after the
 * commit (deleting objects cannot be rolled back).
 */
export interface ErasureHook {
  readonly name: string;
  prepare(candidateIds: number[]): Promise<() => Promise<number>>;
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
 * Erases candidates completely: their rows (interviews, tokens, messages, … cascade in the database) and
 * whatever the features that registered hooks hold about them (e-mails, webhooks, media).
 */
@Injectable()
export class ErasureService {
  private readonly logger = new Logger('Erasure');
  private readonly hooks: ErasureHook[] = [];

  constructor(
    private readonly database: Database,
    private readonly candidates: CandidatesRepository,
  ) {}

  register(hook: ErasureHook): void {
    this.hooks.push(hook);
  }

  /** A hook for rows that name candidates by `candidateRef` (e-mails, webhook deliveries): removed with them. */
  registerReferences(name: string, remove: (candidateRefs: string[]) => Promise<void>): void {
    this.register({
      name,
      prepare: async (candidateIds) => {
        await remove(candidateIds.map(candidateRef));
        return async () => 0;
      },
    });
  }

  /** Erases in the ambient transaction; `cleanup` is for after its commit. */
  async eraseWithin(candidateIds: number[]): Promise<Erased> {
    const tenantId = TenantScope.requireTenantId();
    if (!candidateIds.length) return { candidates: 0, cleanup: async () => ({ candidates: 0, objects: 0 }) };
    const cleanups: Array<() => Promise<number>> = [];
    for (const hook of this.hooks) cleanups.push(await hook.prepare(candidateIds));
    const removed = await this.candidates.delete(candidateIds);
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
  async erase(candidateIds: number[]): Promise<ErasureReport> {
    const { cleanup } = await this.database.transaction(() => this.eraseWithin(candidateIds));
    return cleanup();
  }
}
