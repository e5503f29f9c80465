import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Duplex } from 'node:stream';
import { PGLiteSocketHandler, PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { DataDirLock, processAlive } from './data-dir-lock';

/**
 * One end of an in-process connection to the engine: what the driver writes to it the other end reads,
 * as over a socket, without the two system calls and event-loop turns a socket costs each way. The driver
 * "connects" it (it is connected already) and sets socket options on it, which mean nothing here.
 */
class InProcessSocket extends Duplex {
  readonly remoteAddress = 'in-process';
  readonly remotePort = 0;
  peer!: InProcessSocket;

  constructor() {
    super({ allowHalfOpen: false });
  }

  /** Two connected ends: the driver's and the engine's. */
  static pair(): [InProcessSocket, InProcessSocket] {
    const a = new InProcessSocket();
    const b = new InProcessSocket();
    a.peer = b;
    b.peer = a;
    return [a, b];
  }

  connect(): this {
    process.nextTick(() => this.emit('connect'));
    return this;
  }

  setNoDelay(): this {
    return this;
  }

  setKeepAlive(): this {
    return this;
  }

  ref(): this {
    return this;
  }

  unref(): this {
    return this;
  }

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.peer.push(chunk);
    done();
  }

  override _final(done: (error?: Error | null) => void): void {
    this.peer.push(null);
    done();
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    if (!this.peer.destroyed) this.peer.destroy();
    done(error);
  }
}

/** Socket directories are `<tmp>/hv-pg-<pid>-<random>`: the pid tells whose a leftover one was. */
const SOCKET_DIR_PREFIX = 'hv-pg-';

/**
 * Removes the socket directories of processes that are gone (killed, so their stop never ran). Only
 * directories of this user are touched: mkdtemp made them mode 0700, and another user's cannot be removed.
 */
function removeStaleSocketDirs(): void {
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(new RegExp(`^${SOCKET_DIR_PREFIX}(\\d+)-`).exec(name)?.[1]);
    if (!pid || pid === process.pid || processAlive(pid)) continue;
    try {
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
    } catch {
      // Another user's, or already gone.
    }
  }
}

/** The file name libpq and `pg` look for in a socket directory (`host=/dir`, default port). */
const SOCKET_NAME = '.s.PGSQL.5432';

/**
 * PostgreSQL's default 128 MB of shared buffers live inside the engine's WebAssembly memory, which never
 * shrinks: with 16 MB the process holds about 120 MB less (345 → 224 MB on opening a data directory,
 * 416 → 316 MB after 3,000 list reads) and reads no slower; the operating system caches the files anyway.
 */
const ENGINE_SETTINGS = ['-c', 'shared_buffers=16MB'];

/**
 * Compiled, this module sits next to `embedded-initdb.js`. Run from TypeScript (tests, benchmarks) the
 * child is the `.ts` source, which plain Node can only load through @swc-node/register.
 */
function initdbEntry(): { filename: string; execArgv: string[] } {
  if (__filename.endsWith('.ts')) {
    return { filename: join(__dirname, 'embedded-initdb.ts'), execArgv: ['--require', require.resolve('@swc-node/register')] };
  }
  return { filename: join(__dirname, 'embedded-initdb.js'), execArgv: [] };
}

/** initdb takes 1–3 s here; a child still running after this long is stuck. */
const INITDB_TIMEOUT_MS = 120_000;

/**
 * PostgreSQL compiled to WASM (PGlite), kept under `<dataDir>/pgdata` and served on a Unix socket so the
 * ordinary `pg` driver and TypeORM use it unchanged.
 *
 * PGlite has no authentication: whoever reaches the socket is the superuser of every tenant's data. So it
 * never listens on TCP; the socket lives in a fresh directory that only this process's user may enter
 * (mode 0700, made by mkdtemp), and the directory is removed on stop (or, after a kill, by the next start).
 *
 * PGlite is a single backend: queries from all connections are serialised, and a query on a second
 * connection while a transaction is open waits for that transaction. Code inside a transaction must
 * therefore use the transaction's own manager (it must anyway, for correctness on real PostgreSQL).
 * Nothing in PGlite stops two processes from opening the same directory, so a lock file does (DataDirLock).
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    private readonly lock: DataDirLock | undefined,
    private readonly socketDir: string,
    readonly url: string,
  ) {}

  /**
   * A connection to the engine inside this process, for the application's own pool (the driver's `stream`
   * option): the socket at `url` stays for everything else. Its queries take turns with the socket's in the
   * server's one queue, which keeps each connection's transaction whole.
   */
  connectInProcess(): Duplex {
    const [driverEnd, engineEnd] = InProcessSocket.pair();
    const server = this.server as unknown as { queryQueue: ConstructorParameters<typeof PGLiteSocketHandler>[0]['queryQueue']; handlers: Set<PGLiteSocketHandler> };
    const handler = new PGLiteSocketHandler({ queryQueue: server.queryQueue, closeOnDetach: true });
    // Detached (and its connection closed) when the server stops, as the socket's handlers are.
    server.handlers.add(handler);
    const forget = () => server.handlers.delete(handler);
    handler.addEventListener('close', forget);
    handler.addEventListener('error', forget);
    void handler.attach(engineEnd as unknown as Parameters<PGLiteSocketHandler['attach']>[0]);
    return driverEnd;
  }

  /** The directory holding the socket (for checks; connect with `url`). */
  get socketDirectory(): string {
    return this.socketDir;
  }

  /** dataDir undefined: an in-memory database (tests). `loadDataDir`: start from a dumped snapshot. */
  static async start(options: { dataDir?: string; maxConnections: number; loadDataDir?: Blob }): Promise<EmbeddedPostgres> {
    let lock: DataDirLock | undefined;
    let pgdata: string | undefined;
    if (options.dataDir) {
      const dir = resolve(options.dataDir);
      mkdirSync(dir, { recursive: true });
      pgdata = join(dir, 'pgdata');
      lock = await DataDirLock.acquire(join(dir, 'pgdata.lock'));
    }
    let socketDir: string;
    try {
      // Short on purpose: a Unix socket path is limited to 107 bytes, and DATA_DIR may be deep.
      removeStaleSocketDirs();
      socketDir = mkdtempSync(join(tmpdir(), `${SOCKET_DIR_PREFIX}${process.pid}-`));
    } catch (e) {
      lock?.release();
      throw e;
    }
    try {
      if ((statSync(socketDir).mode & 0o077) !== 0) throw new Error(`${socketDir} is readable by other users`);
      // A snapshot to load (loadDataDir) is a data directory already: PGlite refuses one on top of initdb's.
      if (pgdata && !options.loadDataDir && !existsSync(pgdata)) await EmbeddedPostgres.initialize(pgdata);
      const db = await PGlite.create({ dataDir: pgdata, loadDataDir: options.loadDataDir, startParams: [...PGlite.defaultStartParams, ...ENGINE_SETTINGS] });
      const server = new PGLiteSocketServer({ db, path: join(socketDir, SOCKET_NAME), maxConnections: options.maxConnections });
      await server.start();
      const url = `postgres://postgres@localhost/postgres?host=${encodeURIComponent(socketDir)}`;
      return new EmbeddedPostgres(db, server, lock, socketDir, url);
    } catch (e) {
      lock?.release();
      rmSync(socketDir, { recursive: true, force: true });
      throw e;
    }
  }

  /**
   * Makes a new data directory in a child process, in a sibling directory renamed into place once complete.
   * initdb runs a second engine beside the first; in this process, the memory the two touched would stay
   * with it for its whole life (peak RSS under load 470 MB after a first start, against 330 MB after any
   * later one). A start killed during initdb leaves no half-made data directory, only a sibling that the
   * next start removes; the child ends when this process does (its IPC channel closes), so none is still
   * writing there by then.
   */
  private static async initialize(pgdata: string): Promise<void> {
    const parent = dirname(pgdata);
    const prefix = `${basename(pgdata)}.init-`;
    for (const name of readdirSync(parent)) {
      if (name.startsWith(prefix)) rmSync(join(parent, name), { recursive: true, force: true, maxRetries: 3 });
    }
    const partial = mkdtempSync(`${pgdata}.init-${process.pid}-`);
    try {
      const { filename, execArgv } = initdbEntry();
      const child = spawn(process.execPath, [...execArgv, filename, partial], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
      let stderr = '';
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, INITDB_TIMEOUT_MS);
      const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done, fail) => {
        child.once('error', fail);
        child.once('close', (c: number | null, s: NodeJS.Signals | null) => done([c, s]));
      }).finally(() => clearTimeout(timer));
      if (code !== 0 || !existsSync(join(partial, 'PG_VERSION'))) {
        const how = timedOut ? `timed out after ${INITDB_TIMEOUT_MS / 1000} s` : (signal ?? `exit code ${String(code)}`);
        throw new Error(`initdb of ${pgdata} failed (${how}): ${stderr.trim()}`);
      }
      renameSync(partial, pgdata);
    } catch (e) {
      rmSync(partial, { recursive: true, force: true, maxRetries: 3 });
      throw e;
    }
  }

  async dump(): Promise<Blob> {
    return this.db.dumpDataDir('none');
  }

  async stop(): Promise<void> {
    try {
      await this.server.stop();
      await this.db.close();
    } finally {
      rmSync(this.socketDir, { recursive: true, force: true });
      this.lock?.release();
    }
  }
}
