import { Injectable } from '@nestjs/common';
import { HotReads } from '../database/hot-reads';
import { TenantRepository } from '../database/tenant-repository';
import { AuthUser, AuthUserCache } from './auth-user-cache';
import { PasswordSetupToken } from './password-setup-token.entity';
import { Role, User } from './user.entity';

const AUTH_USER_READ = 'SELECT id, tenant_id AS "tenantId", role, email FROM users WHERE tenant_id = $1 AND id = $2';

/** The guard's user lookup as a read another statement can carry: its SQL, its values, what its rows say. */
export interface AuthenticationRead {
  text: string;
  values: unknown[];
  user(rows: unknown[]): AuthUser | null;
}

@Injectable()
export class UsersRepository extends TenantRepository {
  constructor(
    private readonly authUsers: AuthUserCache,
    private readonly hot: HotReads,
  ) {
    super();
  }

  /**
   * The subject of a verified access token, in the token's organization, on every request (cached only where
   * that is exact, see AuthUserCache), so it is a prepared primary-key read. A user moved out of the
   * organization, or deleted, is not found.
   */
  findForAuthentication(userId: number): Promise<AuthUser | null> {
    return this.authUsers.get(userId, async () => {
      const [row] = await this.hot.rows<AuthUser>(AUTH_USER_READ, [this.tenantId, userId], { genericPlan: true });
      return row ?? null;
    });
  }

  /** The same user from the cache, where it holds them and is exact (see AuthUserCache). */
  cachedForAuthentication(userId: number): AuthUser | undefined {
    return this.authUsers.peek(userId);
  }

  /**
   * The same lookup for a hot read to carry in its round trip (see DeferredCheck): its SQL, its values,
   * and what its rows say.
   */
  authenticationRead(userId: number): AuthenticationRead {
    const remember = this.authUsers.rememberer(userId);
    return { text: AUTH_USER_READ, values: [this.tenantId, userId], user: (rows) => remember((rows[0] as AuthUser | undefined) ?? null) };
  }

  find(id: number): Promise<User | null> {
    return this.with(User, (r) => r.findOneBy({ tenantId: this.tenantId, id }));
  }

  page(offset: number, limit: number): Promise<[User[], number]> {
    return this.with(User, (r) => r.findAndCount({ where: { tenantId: this.tenantId }, order: { id: 'ASC' }, skip: offset, take: limit }));
  }

  firstAdmin(): Promise<User | null> {
    return this.with(User, (r) => r.findOne({ where: { tenantId: this.tenantId, role: 'admin' }, order: { id: 'ASC' } }));
  }

  countAdmins(): Promise<number> {
    return this.with(User, (r) => r.countBy({ tenantId: this.tenantId, role: 'admin' }));
  }

  create(fields: { email: string; name: string; role: Role; passwordHash: string | null }): Promise<User> {
    return this.with(User, (r) => r.save(r.create({ ...fields, tenantId: this.tenantId, email: fields.email.toLowerCase() })));
  }

  async update(id: number, changes: Partial<Pick<User, 'name' | 'email' | 'role' | 'passwordHash'>>): Promise<void> {
    const patch = changes.email ? { ...changes, email: changes.email.toLowerCase() } : changes;
    await this.with(User, (r) => r.update({ tenantId: this.tenantId, id }, patch));
    if (changes.role !== undefined || changes.email !== undefined) this.authUsers.changed(id);
  }

  async delete(id: number): Promise<void> {
    await this.with(User, (r) => r.delete({ tenantId: this.tenantId, id }));
    this.authUsers.changed(id);
  }

  /** Serialises changes to the organization's admins so that two concurrent demotions cannot remove the last admin. */
  async lockAdmins(): Promise<void> {
    await this.run((m) => m.query('SELECT id FROM users WHERE tenant_id = $1 AND role = $2 FOR UPDATE', [this.tenantId, 'admin']));
  }

  /** For a user of this organization (the token table has no organization column: the user names it). */
  addPasswordSetupToken(fields: Pick<PasswordSetupToken, 'userId' | 'tokenHash' | 'expiresAt'>): Promise<PasswordSetupToken> {
    return this.with(PasswordSetupToken, (r) => r.save(r.create({ ...fields, usedAt: null })));
  }
}
