import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { RequestContext } from '../common/http/request-context';
import { AmbientTransaction, DB_ROLES, DbRole, TenantScope } from './tenant-scope';

/**
 * The one way to the database for features: transactions that run as a role under row-level security.
 *
 * - `transaction` opens a transaction for the organization in scope (`TenantScope`) as `hirevision_app`, with
 *   `app.tenant_id` set for it, or joins the one already open: services wrap a unit of work in it, and every
 *   repository call inside uses the same transaction without being handed a manager.
 * - `system` opens one as `hirevision_system`, which sees every organization: only `SystemRepository` and
 *   the cross-organization queues use it.
 *
 * A repository call outside any transaction gets a transaction of its own.
 */
@Injectable()
export class Database {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Runs `work` in the ambient transaction, or in a new one for the organization in scope. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const ambient = TenantScope.transaction();
    if (ambient) return work(ambient.manager);
    return this.open('tenant', TenantScope.requireTenantId(), work);
  }

  /**
   * Runs `work` as the system role, joining an ambient system transaction. Inside an organization's
   * transaction it is refused: that transaction must not start to see other organizations.
   */
  system<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const ambient = TenantScope.transaction();
    if (ambient?.role === 'system') return work(ambient.manager);
    if (ambient) throw new Error('System work cannot join an organization’s transaction');
    return this.open('system', undefined, work);
  }

  /**
   * Turns the ambient system transaction into one organization's, from here to its end: the role becomes
   * `hirevision_app` and `app.tenant_id` this organization. For work that must find its organization across
   * all of them first (a token, a sign-up) and then act for it in the same transaction.
   */
  async narrow(tenantId: number): Promise<void> {
    const ambient = TenantScope.transaction();
    if (ambient?.role !== 'system') throw new Error('Only a system transaction can be narrowed to an organization');
    await ambient.manager.query(`SELECT set_config('role', $1, true), set_config('app.tenant_id', $2, true)`, [DB_ROLES.tenant, String(tenantId)]);
    ambient.role = 'tenant';
    ambient.tenantId = tenantId;
  }

  /** Opens a transaction with no organization as the tenant role: it reads nothing (for checks and tests). */
  withoutTenant<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (TenantScope.transaction()) throw new Error('Already in a transaction');
    return this.open('tenant', undefined, work);
  }

  /**
   * A transaction on a connection the caller holds (the purge's, when it is the pool's only one): as
   * `system`, or as `tenant` for `tenantId`. The connection stays the caller's.
   */
  on<T>(runner: QueryRunner, role: DbRole, tenantId: number | undefined, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (TenantScope.transaction()) throw new Error('Already in a transaction');
    return this.open(role, tenantId, work, runner);
  }

  private async open<T>(role: DbRole, tenantId: number | undefined, work: (manager: EntityManager) => Promise<T>, held?: QueryRunner): Promise<T> {
    // A request whose credential is still to be checked (see DeferredCheck) checks it before anything else.
    if (RequestContext.current()?.check) await RequestContext.settleCheck();
    const runner = held ?? this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query(`SELECT set_config('role', $1, true), set_config('app.tenant_id', $2, true)`, [DB_ROLES[role], tenantId === undefined ? '' : String(tenantId)]);
      const transaction: AmbientTransaction = { manager: runner.manager, role, tenantId };
      const result = await TenantScope.withTransaction(transaction, () => work(runner.manager));
      await runner.commitTransaction();
      return result;
    } catch (e) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw e;
    } finally {
      if (!held) await runner.release();
    }
  }
}
