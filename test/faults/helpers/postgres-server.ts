import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { alive, freePort, isExecutable, killGroup, run, track, untrack } from './processes';

/** Where PostgreSQL's server binaries are: FAULTS_PG_BIN, else the newest /usr/lib/postgresql/<version>/bin. */
export function postgresBinaries(): string {
  const wanted = ['initdb', 'pg_ctl', 'postgres'];
  const candidates = process.env.FAULTS_PG_BIN
    ? [process.env.FAULTS_PG_BIN]
    : existsSync('/usr/lib/postgresql')
      ? readdirSync('/usr/lib/postgresql')
          .filter((v) => /^\d+$/.test(v) && Number(v) >= 15)
          .sort((a, b) => Number(b) - Number(a))
          .map((v) => `/usr/lib/postgresql/${v}/bin`)
      : [];
  const found = candidates.find((dir) => wanted.every((bin) => isExecutable(join(dir, bin))));
  if (!found) {
    throw new Error(
      `The fault suite needs PostgreSQL 15+ server binaries (${wanted.join(', ')}) to run a private server, and found none in ` +
        `${candidates.length ? candidates.join(', ') : '/usr/lib/postgresql/<version>/bin'}. ` +
        'Install them (Debian/Ubuntu: apt-get install postgresql-15) or point FAULTS_PG_BIN at their directory.',
    );
  }
  return found;
}

/** uid and gid of the `postgres` account (PostgreSQL refuses to run as root). */
async function postgresAccount(): Promise<{ uid: number; gid: number }> {
  const id = await run('id', ['-u', 'postgres'], { allowFailure: true });
  const gid = await run('id', ['-g', 'postgres'], { allowFailure: true });
  if (id.code !== 0 || gid.code !== 0) {
    throw new Error('The fault suite runs as root and needs a `postgres` account to run PostgreSQL as (the postgresql package creates it)');
  }
  return { uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * A PostgreSQL server of this test file's own (initdb into a temporary directory, trust authentication,
 * loopback on a free port, its socket in that directory): stopping it disturbs no one else.
 */
export class PostgresServer {
  private constructor(
    private readonly bin: string,
    private readonly dir: string,
    readonly port: number,
    private readonly asPostgres: boolean,
  ) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private get dataDir(): string {
    return join(this.dir, 'data');
  }

  static async start(): Promise<PostgresServer> {
    const bin = postgresBinaries();
    const asPostgres = process.getuid?.() === 0;
    const dir = mkdtempSync(join(tmpdir(), 'hv-faults-pg-'));
    if (asPostgres) {
      const { uid, gid } = await postgresAccount();
      chownSync(dir, uid, gid);
    }
    const server = new PostgresServer(bin, dir, await freePort(), asPostgres);
    try {
      await server.command('initdb', ['-D', server.dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync'], 120_000);
      await server.startServer();
    } catch (e) {
      await server.destroy();
      throw e;
    }
    return server;
  }

  private command(bin: string, args: string[], timeoutMs = 60_000) {
    const path = join(this.bin, bin);
    return this.asPostgres ? run('runuser', ['-u', 'postgres', '--', path, ...args], { timeoutMs, cwd: this.dir }) : run(path, args, { timeoutMs, cwd: this.dir });
  }

  /** The postmaster's pid while it runs (first line of postmaster.pid). */
  pid(): number | undefined {
    const file = join(this.dataDir, 'postmaster.pid');
    if (!existsSync(file)) return undefined;
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
    return pid > 1 ? pid : undefined;
  }

  /** `pg_ctl start -w`: returns when the server accepts connections. */
  async startServer(): Promise<number> {
    const started = Date.now();
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=60`;
    await this.command('pg_ctl', ['start', '-w', '-t', '60', '-D', this.dataDir, '-l', join(this.dir, 'server.log'), '-o', options], 90_000);
    const pid = this.pid();
    if (pid) track(pid, `PostgreSQL on ${this.port}`);
    return Date.now() - started;
  }

  /** `pg_ctl stop -m fast`: clients are disconnected, open transactions rolled back, then a clean shutdown. */
  async stopServer(mode: 'fast' | 'immediate' = 'fast'): Promise<number> {
    const started = Date.now();
    const pid = this.pid();
    await this.command('pg_ctl', ['stop', '-w', '-t', '60', '-D', this.dataDir, '-m', mode], 90_000);
    if (pid) untrack(pid);
    return Date.now() - started;
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  log(): string {
    const file = join(this.dir, 'server.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  /** Stops the server (immediately; a kill when that fails) and removes its directory. */
  async destroy(): Promise<void> {
    const pid = this.pid();
    if (pid && alive(pid)) {
      await this.command('pg_ctl', ['stop', '-w', '-t', '30', '-D', this.dataDir, '-m', 'immediate'], 40_000).catch(() => undefined);
      if (alive(pid)) killGroup(pid, 'SIGKILL');
      untrack(pid);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
