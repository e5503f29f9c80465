import { createHash, randomBytes } from 'node:crypto';
import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { RequestContext } from '../common/http/request-context';
import { AppConfig } from '../config/app-config';
import { DB_ROLES, TenantScope } from './tenant-scope';
import type { VersionedCache } from './versioned-cache';

/**
 * A timestamptz column as PostgreSQL's JSON writes a UTC `timestamp`: `2026-12-06T06:33:07.123456`, the
 * fraction's trailing zeros trimmed (none at all on a whole second). `apiTimestamps` then spells them as the
 * API does. Cheaper for the database than `to_char`, which cost a sixth of a candidates page's time there.
 */
export const utcTimestamp = (column: string): string => `${column} AT TIME ZONE 'UTC'`;

/**
 * Rewrites the values of `keys` in JSON rendered by the database from `utcTimestamp` columns to the API's
 * spelling of times (`Date.prototype.toISOString`: milliseconds, truncated, and `Z`). A key is found by its
 * `"key":"` mark, which JSON can only hold as structure: inside a string value its quotes are escaped.
 */
export function apiTimestamps(json: string, keys: readonly string[]): string {
  for (const key of keys) {
    const mark = `"${key}":"`;
    let at = json.indexOf(mark);
    if (at < 0) continue;
    const parts: string[] = [];
    let copied = 0;
    while (at >= 0) {
      const start = at + mark.length;
      const end = json.indexOf('"', start);
      const value = json.slice(start, end);
      parts.push(json.slice(copied, start), value.length === 19 ? `${value}.000Z` : `${value.slice(0, 20)}${`${value.slice(20, 23)}00`.slice(0, 3)}Z`);
      copied = end;
      at = json.indexOf(mark, end);
    }
    parts.push(json.slice(copied));
    json = parts.join('');
  }
  return json;
}

/**
 * The API's hottest reads (list pages, the access token's user) go to the driver's pool without TypeORM's
 * query runner, which costs a runner, a connection hand-off and a dozen promises per call, and their pages
 * come back as the JSON text the API sends (`json_agg`, as PostgREST does; times respelled by `apiTimestamps`).
 * Parsing 100 rows into objects and serialising them again took the API process twice the CPU of the whole
 * rest of the read (bench/reads.ts); PostgreSQL renders them in C.
 *
 * Each read is one round trip under row-level security, as `hirevision_app` for the organization in scope,
 * carrying the request's deferred credential check when there is one (see `rows`).
 * On PostgreSQL the reads have a pool of their own whose sessions are that role (SET ROLE once per
 * connection: switching roles per statement cost a quarter of the read's throughput), and each connection
 * keeps the organization it was last set to (`app.tenant_id`, session-wide); a read for another organization
 * sets it in the same round trip. The embedded engine is one session shared by every connection, so there
 * each read is its own implicit transaction, `EXECUTE scope_…('<organization>'); EXECUTE hot_…(…)`, the scope
 * being `SELECT set_config('role', …, true), set_config('app.tenant_id', $1, true)` (EMBEDDED_SCOPE), and the role
 * and organization hold for exactly that statement. Each SQL text is prepared
 * once per connection (`PREPARE`), parsed and planned once rather than per request; its arguments are sent as
 * quoted literals. Names carry this instance's random tag and the connection's serial: the embedded engine is
 * one session behind every client connection, where a reconnected client, or another application started on
 * the same engine, must not prepare a name the session already holds.
 */
const ignore = (): void => undefined;

/** What a connection of the pool holds: its serial, the statements it prepared, the organization it is set to. */
interface Connection {
  serial: number;
  names: Set<string>;
  tenantId?: number;
  /** Whether the session runs with `plan_cache_mode = force_generic_plan` (see ReadOptions). */
  genericPlans: boolean;
}

/** How a read is to be planned. */
export interface ReadOptions {
  /**
   * One plan serves every argument of the statement (an index read in the order of an index, bounded by a
   * limit), so it is planned once per connection, not per call. PostgreSQL would otherwise re-plan the
   * read on every call: a custom plan for `OFFSET $n LIMIT $m` always looks cheaper than its generic one, and
   * planning a page cost as much as running it. A read whose best plan depends on its arguments (a text
   * search: how many rows match decides between the search index and the id order) leaves it to PostgreSQL.
   */
  genericPlan?: boolean;
}

/**
 * The embedded engine's scope for one statement (see HotReads), prepared like the reads: planned once rather
 * than parsed and planned on every read. Its argument is the organization's id; the second also has the read
 * planned generically (see ReadOptions).
 */
const EMBEDDED_SCOPE = [
  `SELECT set_config('role', '${DB_ROLES.tenant}', true), set_config('app.tenant_id', $1, true)`,
  `SELECT set_config('role', '${DB_ROLES.tenant}', true), set_config('app.tenant_id', $1, true), set_config('plan_cache_mode', 'force_generic_plan', true)`,
] as const;

/** `EXECUTE name(arguments)`, the arguments as literals. */
function execute(name: string, values: readonly unknown[]): string {
  return values.length ? `EXECUTE ${name}(${values.map(sqlLiteral).join(', ')})` : `EXECUTE ${name}`;
}

/** A value as an SQL literal (the reads' arguments: ids, offsets, limits, search terms, states). */
function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`Not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return escapeLiteral(value);
  throw new Error(`No literal for a ${typeof value}`);
}

/** As libpq's PQescapeLiteral: quotes doubled, and backslashes doubled under E'' (NUL is refused). */
function escapeLiteral(text: string): string {
  if (text.includes('\0')) throw new Error('A string literal cannot hold NUL');
  const quoted = `'${text.replace(/'/g, "''")}'`;
  return text.includes('\\') ? ` E${quoted.replace(/\\/g, '\\\\')}` : quoted;
}

@Injectable()
export class HotReads implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('HotReads');
  private pool!: Pool;
  /** A pool of its own (PostgreSQL), closed on shutdown; else TypeORM's (the embedded engine). */
  private ownPool = false;
  /**
   * What a read's round trip sends before its statements on PostgreSQL: the organization, and how to plan
   * them, when the connection is not set so already. The embedded engine sets them per statement (EMBEDDED_SCOPE).
   */
  private scope?: (connection: Connection, tenantId: number, genericPlan: boolean) => string;
  private readonly statements = new Map<string, { hash: string; text: string }>();
  private readonly prepared = new WeakMap<PoolClient, Connection>();
  private nextSerial = 0;
  private readonly tag = randomBytes(4).toString('hex');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  /**
   * Whether the server is the embedded engine is asked of the server itself: tests and tools reach an
   * embedded engine through DATABASE_URL too, and there a session-wide role would apply to every connection.
   */
  async onModuleInit(): Promise<void> {
    const [{ version }]: Array<{ version: string }> = await this.db.query('SELECT version()');
    this.ownPool = !/PGlite|emscripten/i.test(version);
    if (this.ownPool) {
      this.pool = new Pool({ connectionString: this.config.DATABASE_URL, max: this.config.DATABASE_POOL_SIZE, connectionTimeoutMillis: 10_000 });
      // An idle connection the server ends (a restart) is dropped; the next read opens another.
      this.pool.on('error', (e) => this.logger.warn({ err: e }, 'an idle read connection was closed'));
      // Each connection is a session of its own, used only here: it keeps its organization and its plan mode
      // until a read that needs others sets them (every read checks), so a run of like reads is a bare EXECUTE.
      // Should the round trip fail, its implicit transaction undoes both, and the connection is closed anyway.
      this.scope = (connection, tenantId, genericPlan) => {
        let sql = '';
        if (connection.tenantId !== tenantId) {
          connection.tenantId = tenantId;
          sql += `SELECT set_config('app.tenant_id', '${tenantId}', false); `;
        }
        if (connection.genericPlans !== genericPlan) {
          connection.genericPlans = genericPlan;
          sql += genericPlan ? 'SET plan_cache_mode = force_generic_plan; ' : 'RESET plan_cache_mode; ';
        }
        return sql;
      };
    } else {
      this.pool = (this.db.driver as unknown as { master: Pool }).master;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.ownPool) await this.pool.end();
  }

  /**
   * Rows of a read for the organization in scope (see TenantScope), as `hirevision_app`. A credential check
   * the request deferred (see DeferredCheck) rides along in the same round trip, and is judged before the
   * rows are answered; if the read fails, the check is settled alone first, so a bad credential still
   * answers 401 rather than the read's error.
   */
  async rows<T>(text: string, values: unknown[], options: ReadOptions = {}): Promise<T[]> {
    const tenantId = TenantScope.requireTenantId();
    if (!Number.isInteger(tenantId)) throw new Error(`Not an organization id: ${tenantId}`);
    const check = RequestContext.takeCheck();
    const client = await this.pool.connect();
    // The pool stops listening to a client it has lent out: a connection the server ends mid-read (a
    // restart) would otherwise be an unhandled 'error' event, which ends the process. The failed query
    // rejects on its own.
    client.on('error', ignore);
    let results: Array<{ rows: unknown[] }>;
    try {
      const read = await this.prepare(client, text);
      const genericPlan = options.genericPlan === true;
      let sql = this.scope
        ? this.scope(read.connection, tenantId, genericPlan)
        : `${execute((await this.prepare(client, EMBEDDED_SCOPE[genericPlan ? 1 : 0], 'scope')).name, [String(tenantId)])}; `;
      if (check) sql += `${execute((await this.prepare(client, check.text)).name, check.values)}; `;
      sql += execute(read.name, values);
      const result = (await client.query(sql)) as unknown as { rows: unknown[] } | Array<{ rows: unknown[] }>;
      results = Array.isArray(result) ? result : [result];
    } catch (e) {
      // As pg's own pool.query does: a connection that failed a query is closed, not reused.
      client.off('error', ignore);
      client.release(e as Error);
      if (check) await check.run();
      throw e;
    }
    client.off('error', ignore);
    client.release();
    if (check) check.accept(results[results.length - 2].rows);
    return results[results.length - 1].rows as T[];
  }

  /**
   * A read answered from `cache` while what it reads is unchanged (see VersionedCache). With an entry for
   * `key`, the current version is read first (`version`: a statement answering one `version` row, or none),
   * which carries the request's credential check, and the entry answers if it holds the same version.
   * Otherwise `read` reads the value and its version in one statement; the value is kept unless its version
   * is null (none yet, or not to be kept).
   */
  async remembered<V>(
    cache: VersionedCache<V>,
    key: string,
    version: { text: string; values: unknown[] },
    read: () => Promise<{ version: string | null; value: V; size: number }>,
  ): Promise<V> {
    const entry = cache.get(key);
    if (entry) {
      const [current] = await this.rows<{ version: string }>(version.text, version.values, { genericPlan: true });
      if (current?.version === entry.version) return entry.value;
    }
    const fresh = await read();
    if (fresh.version === null) cache.delete(key);
    else cache.set(key, fresh.version, fresh.value, fresh.size);
    return fresh.value;
  }

  /** Prepares `text` on the connection once; `kind` begins its name (`hot` for reads, `scope` for the embedded engine's scope). */
  private async prepare(client: PoolClient, text: string, kind = 'hot'): Promise<{ name: string; connection: Connection }> {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = { hash: createHash('sha1').update(text).digest('hex').slice(0, 16), text };
      this.statements.set(text, statement);
    }
    let connection = this.prepared.get(client);
    if (!connection) {
      // A new connection of the reads' own pool becomes the request role for the rest of its session.
      if (this.ownPool) await client.query(`SET ROLE ${DB_ROLES.tenant}`);
      connection = { serial: this.nextSerial++, names: new Set(), genericPlans: false };
      this.prepared.set(client, connection);
    }
    const name = `${kind}_${statement.hash}_${this.tag}_${connection.serial}`;
    if (!connection.names.has(name)) {
      await client.query(`PREPARE ${name} AS ${text}`);
      connection.names.add(name);
    }
    return { name, connection };
  }
}
