import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager } from 'typeorm';
import { RequestContext } from '../common/http/request-context';

/** The database roles work runs as (see the row-level-security migration). */
export const DB_ROLES = { tenant: 'hirevision_app', system: 'hirevision_system' } as const;
export type DbRole = keyof typeof DB_ROLES;

/** The open transaction work joins: its manager, and whom it runs as. */
export interface AmbientTransaction {
  readonly manager: EntityManager;
  /** Changed only by `Database.narrow` (a system transaction that continues as one organization's). */
  role: DbRole;
  tenantId: number | undefined;
}

interface Scope {
  tenantId?: number;
  transaction?: AmbientTransaction;
}

const storage = new AsyncLocalStorage<Scope>();

/** Tenant-scoped data access outside any organization's scope: a programming error, never a client's. */
export class MissingTenantScopeError extends Error {
  constructor() {
    super('No organization in scope: tenant data is read and written only for the organization a request or job acts for');
    this.name = 'MissingTenantScopeError';
  }
}

/**
 * Whom the current request or job acts for, and the transaction it is in, carried by the async context so
 * that no repository method takes a tenant id or an entity manager.
 *
 * The tenant is the one `run` was given (jobs, sign-up), else the one the request's credential identified
 * (`RequestContext.identify`, done by the guards).
 */
export const TenantScope = {
  tenantId(): number | undefined {
    const scope = storage.getStore();
    if (scope?.transaction) return scope.transaction.tenantId;
    if (scope && 'tenantId' in scope) return scope.tenantId;
    return RequestContext.current()?.tenantId;
  },

  requireTenantId(): number {
    const tenantId = TenantScope.tenantId();
    if (tenantId === undefined) throw new MissingTenantScopeError();
    return tenantId;
  },

  /**
   * Runs `work` for one organization (a job, a webhook delivery, a stream read later). It opens no
   * transaction; it stays in the ambient one only when that is already this organization's.
   */
  run<T>(tenantId: number, work: () => T): T {
    const transaction = storage.getStore()?.transaction;
    return storage.run(transaction?.tenantId === tenantId ? { tenantId, transaction } : { tenantId }, work);
  },

  /** Runs `work` for no organization: tenant repositories refuse it and tenant rows are invisible. */
  none<T>(work: () => T): T {
    return storage.run({ tenantId: undefined }, work);
  },

  transaction(): AmbientTransaction | undefined {
    return storage.getStore()?.transaction;
  },

  /** Runs `work` inside an open transaction (used by `Database`). */
  withTransaction<T>(transaction: AmbientTransaction, work: () => T): T {
    return storage.run({ tenantId: transaction.tenantId, transaction }, work);
  },
};
