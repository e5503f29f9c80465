import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { HotReads } from '../database/hot-reads';
import { AuthUser, AuthUserCache } from './auth-user-cache';
import { Role, User } from './user.entity';

@Injectable()
export class UsersRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly authUsers: AuthUserCache,
    private readonly hot: HotReads,
  ) {}

  private repo(manager: EntityManager = this.db.manager) {
    return manager.getRepository(User);
  }

  /**
   * The only lookup without a tenant: resolving the subject of a verified access token, on every request
   * (cached only where that is exact, see AuthUserCache), so it is a prepared primary-key read.
   */
  findForAuthentication(userId: number): Promise<AuthUser | null> {
    return this.authUsers.get(userId, async () => {
      const [row] = await this.hot.rows<AuthUser>('SELECT id, tenant_id AS "tenantId", role, email FROM users WHERE id = $1', [userId]);
      return row ?? null;
    });
  }

  /** The subject of a consumed password-setup token (no tenant yet: the token names the user). */
  findById(userId: number, manager: EntityManager): Promise<User | null> {
    return this.repo(manager).findOneBy({ id: userId });
  }

  /** Login is by e-mail alone (e-mails are unique across tenants). */
  findByEmail(email: string, manager?: EntityManager): Promise<User | null> {
    return this.repo(manager).findOneBy({ email: email.toLowerCase() });
  }

  findForTenant(tenantId: number, id: number, manager?: EntityManager): Promise<User | null> {
    return this.repo(manager).findOneBy({ tenantId, id });
  }

  pageForTenant(tenantId: number, offset: number, limit: number): Promise<[User[], number]> {
    return this.repo().findAndCount({ where: { tenantId }, order: { id: 'ASC' }, skip: offset, take: limit });
  }

  firstAdmin(tenantId: number, manager?: EntityManager): Promise<User | null> {
    return this.repo(manager).findOne({ where: { tenantId, role: 'admin' }, order: { id: 'ASC' } });
  }

  countAdmins(tenantId: number, manager?: EntityManager): Promise<number> {
    return this.repo(manager).countBy({ tenantId, role: 'admin' });
  }

  create(
    manager: EntityManager,
    fields: { tenantId: number; email: string; name: string; role: Role; passwordHash: string | null },
  ): Promise<User> {
    return this.repo(manager).save(this.repo(manager).create({ ...fields, email: fields.email.toLowerCase() }));
  }

  async update(tenantId: number, id: number, changes: Partial<Pick<User, 'name' | 'email' | 'role' | 'passwordHash'>>, manager?: EntityManager): Promise<void> {
    const patch = changes.email ? { ...changes, email: changes.email.toLowerCase() } : changes;
    await this.repo(manager).update({ tenantId, id }, patch);
    if (changes.role !== undefined || changes.email !== undefined) this.authUsers.changed(id);
  }

  async delete(tenantId: number, id: number, manager?: EntityManager): Promise<void> {
    await this.repo(manager).delete({ tenantId, id });
    this.authUsers.changed(id);
  }

  /** Serialises changes to a tenant's admins so that two concurrent demotions cannot remove the last admin. */
  async lockTenantUsers(manager: EntityManager, tenantId: number): Promise<void> {
    await manager.query('SELECT id FROM users WHERE tenant_id = $1 AND role = $2 FOR UPDATE', [tenantId, 'admin']);
  }
}
