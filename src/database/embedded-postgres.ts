import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PostgreSQL compiled to WASM (PGlite), kept under `<dataDir>/pgdata` and served on a loopback
 * socket so the ordinary `pg` driver and TypeORM use it unchanged.
 *
 * PGlite is a single backend: queries from all connections are serialised, and a query on a second
 * connection while a transaction is open waits for that transaction. Code inside a transaction must
 * therefore use the transaction's own manager (it must anyway, for correctness on real PostgreSQL).
 * Nothing in PGlite stops two processes from opening the same directory, so a lock file does.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    private readonly lockFile: string | undefined,
    readonly url: string,
  ) {}

  /** dataDir undefined: an in-memory database (tests). `loadDataDir`: start from a dumped snapshot. */
  static async start(options: { dataDir?: string; maxConnections: number; loadDataDir?: Blob }): Promise<EmbeddedPostgres> {
    let lockFile: string | undefined;
    let pgdata: string | undefined;
    if (options.dataDir) {
      const dir = resolve(options.dataDir);
      mkdirSync(dir, { recursive: true });
      pgdata = join(dir, 'pgdata');
      lockFile = join(dir, 'pgdata.lock');
      EmbeddedPostgres.lock(lockFile);
    }
    try {
      const db = await PGlite.create({ dataDir: pgdata, loadDataDir: options.loadDataDir });
      const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: options.maxConnections });
      await server.start();
      const url = `postgres://postgres@${server.getServerConn()}/postgres`;
      return new EmbeddedPostgres(db, server, lockFile, url);
    } catch (e) {
      if (lockFile) rmSync(lockFile, { force: true });
      throw e;
    }
  }

  private static lock(lockFile: string): void {
    try {
      const holder = Number(readFileSync(lockFile, 'utf8'));
      if (holder && holder !== process.pid && processAlive(holder)) {
        throw new Error(`The embedded database in ${lockFile.replace(/pgdata\.lock$/, '')} is in use by process ${holder}`);
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    writeFileSync(lockFile, String(process.pid));
  }

  async dump(): Promise<Blob> {
    return this.db.dumpDataDir('none');
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
    if (this.lockFile) rmSync(this.lockFile, { force: true });
  }
}
