import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import type { Role } from './user.entity';

/** What the guard needs of a user to authenticate a request. */
export interface AuthUser {
  id: number;
  tenantId: number;
  role: Role;
  email: string;
}

const TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;

/**
 * Saves the guard's user lookup where that cannot break the promise that a changed role or a deleted user
 * takes effect on the next request:
 *   - the embedded database is opened by one process only, every change goes through it and drops the
 *     entry at once, so the cache is exact there;
 *   - on PostgreSQL several instances may share the database, and no notification reaches another
 *     instance before the admin's next request can, so the user is read on every request (one prepared
 *     primary-key lookup, see UsersRepository.findForAuthentication);
 *   - a lookup that raced with a change is not stored (a generation counter), so the cache never holds a
 *     row read before the change it missed.
 */
@Injectable()
export class AuthUserCache {
  private readonly entries = new Map<number, { user: AuthUser; expires: number }>();
  private generation = 0;
  private readonly enabled: boolean;

  constructor(config: AppConfig) {
    this.enabled = config.usesEmbeddedDatabase;
  }

  /** The user, from the cache when it can be trusted, otherwise from `load`. */
  async get(userId: number, load: () => Promise<AuthUser | null>): Promise<AuthUser | null> {
    const hit = this.peek(userId);
    if (hit) return hit;
    const remember = this.rememberer(userId);
    return remember(await load());
  }

  /** The cached user, when the cache holds one it can trust. */
  peek(userId: number): AuthUser | undefined {
    if (!this.enabled) return undefined;
    const hit = this.entries.get(userId);
    return hit && hit.expires > Date.now() ? hit.user : undefined;
  }

  /**
   * Stores a lookup started now once it has answered (and answers it), unless a change to any user came
   * in between.
   */
  rememberer(userId: number): (user: AuthUser | null) => AuthUser | null {
    const generation = this.generation;
    return (user) => {
      if (this.enabled && user && generation === this.generation) {
        if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as number);
        this.entries.set(userId, { user: { id: user.id, tenantId: user.tenantId, role: user.role, email: user.email }, expires: Date.now() + TTL_MS });
      }
      return user;
    };
  }

  /** A user's role, e-mail or existence is changing: forget what this process knows of them. */
  changed(userId: number): void {
    this.generation++;
    this.entries.delete(userId);
  }
}
