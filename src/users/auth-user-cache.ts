import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import type { Role } from './user.entity';

/** What the guard needs of a user to authenticate a request. */
export interface AuthUser {
  id: number;
  tenantId: number;
  role: Role;
  email: string;
}

export const AUTH_USERS_CHANNEL = 'hirevision_auth_users';
const TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;
const RECONNECT_MS = 1000;

/**
 * Saves the guard's user lookup on most requests while keeping the promise that a changed role or a
 * deleted user takes effect on the next request, on every instance:
 *   - a change to a user (role, e-mail, deletion) drops the entry here at once and sends
 *     NOTIFY hirevision_auth_users in the changing transaction; every instance LISTENs and drops its entry
 *     when the change commits;
 *   - on PostgreSQL the cache is used only while this instance's LISTEN connection is up: when it drops,
 *     the cache is emptied and bypassed until it is back, so a missed notification can never leave a
 *     stale role in use (entries also expire after 30 s);
 *   - the embedded database is opened by one process only, so the local drop is the whole story;
 *   - a lookup that raced with a change is not stored (a generation counter), so the cache can never
 *     hold a row read before the change it missed.
 */
@Injectable()
export class AuthUserCache implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuthUserCache');
  private readonly entries = new Map<number, { user: AuthUser; expires: number }>();
  private generation = 0;
  private enabled: boolean;
  private listener?: Client;
  private reconnect?: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly config: AppConfig) {
    this.enabled = config.usesEmbeddedDatabase;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.usesEmbeddedDatabase) await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnect);
    await this.listener?.end().catch(() => undefined);
  }

  /** The user, from the cache when it can be trusted, otherwise from `load`. */
  async get(userId: number, load: () => Promise<AuthUser | null>): Promise<AuthUser | null> {
    if (!this.enabled) return load();
    const hit = this.entries.get(userId);
    if (hit && hit.expires > Date.now()) return hit.user;
    const generation = this.generation;
    const user = await load();
    if (user && this.enabled && generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as number);
      this.entries.set(userId, { user: { id: user.id, tenantId: user.tenantId, role: user.role, email: user.email }, expires: Date.now() + TTL_MS });
    }
    return user;
  }

  /** Drops the user here and tells the other instances once `manager`'s transaction commits. */
  async changed(manager: EntityManager, userId: number): Promise<void> {
    this.drop(userId);
    if (!this.config.usesEmbeddedDatabase) await manager.query('SELECT pg_notify($1, $2)', [AUTH_USERS_CHANNEL, String(userId)]);
  }

  private drop(userId: number): void {
    this.generation++;
    this.entries.delete(userId);
  }

  private disable(): void {
    this.enabled = false;
    this.generation++;
    this.entries.clear();
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.config.DATABASE_URL });
    const lost = (e?: unknown) => {
      if (this.listener !== client) return;
      this.listener = undefined;
      this.disable();
      client.end().catch(() => undefined);
      if (this.closed) return;
      this.logger.warn({ err: e }, 'user change notifications lost; authenticating from the database until they are back');
      this.reconnect = setTimeout(() => void this.listen(), RECONNECT_MS);
      this.reconnect.unref();
    };
    client.on('notification', (n) => {
      const id = Number(n.payload);
      if (Number.isInteger(id)) this.drop(id);
      else this.disable();
    });
    client.on('error', lost);
    client.on('end', () => lost());
    this.listener = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${AUTH_USERS_CHANNEL}`);
      if (this.listener === client) this.enabled = true;
    } catch (e) {
      lost(e);
    }
  }
}
