import { Inject } from '@nestjs/common';
import type { EntityManager, EntityTarget, ObjectLiteral, Repository } from 'typeorm';
import { Database } from './database';
import { TenantScope } from './tenant-scope';

/**
 * A repository of one organization's rows: the organization is the one in scope (`TenantScope`), never an
 * argument, and work joins the ambient transaction (`Database.transaction`), never a manager argument. Its
 * methods still filter by `tenant_id` (indexes lead with it); row-level security is the wall behind them.
 */
export abstract class TenantRepository {
  @Inject(Database) protected readonly database!: Database;

  /** The organization in scope; throws when there is none. */
  protected get tenantId(): number {
    return TenantScope.requireTenantId();
  }

  /** Runs `work` in the ambient transaction or one of its own, for the organization in scope. */
  protected async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    TenantScope.requireTenantId();
    return this.database.transaction(work);
  }

  /** `work` with TypeORM's repository of `entity`, in the ambient transaction or one of its own. */
  protected with<E extends ObjectLiteral, T>(entity: EntityTarget<E>, work: (repository: Repository<E>) => Promise<T>): Promise<T> {
    return this.run((manager) => work(manager.getRepository(entity)));
  }
}
