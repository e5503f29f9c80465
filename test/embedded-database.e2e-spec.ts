// The module object itself (not a namespace copy), so that a spy on it is what the engine calls.
import childProcess, { SpawnOptions } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import request from 'supertest';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/app-config';
import { DataSource } from 'typeorm';
import { EmbeddedMaintenance } from '../src/database/embedded-maintenance';
import { EmbeddedPostgres } from '../src/database/embedded-postgres';
import { TEST_ENV } from './helpers/app';
import { PASSWORD, uniqueEmail } from './helpers/factories';

/** The path `npm start` takes on a fresh machine: no DATABASE_URL, data under DATA_DIR. */
describe('embedded PostgreSQL under DATA_DIR', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hirevision-embedded-'));
  const config = () => loadConfig({ ...TEST_ENV, DATA_DIR: dataDir });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('migrates a new directory, serves requests, and keeps the data across a restart', async () => {
    const email = uniqueEmail('persist');
    const first = await createApp(config());
    await first.init();
    try {
      await request(first.getHttpServer()).get('/healthz').expect(200);
      await request(first.getHttpServer())
        .post('/api/v1/auth/register')
        .send({ organization_name: 'Persist', name: 'P', email, password: PASSWORD })
        .expect(201);
    } finally {
      await first.close();
    }

    const second = await createApp(config());
    await second.init();
    try {
      const res = await request(second.getHttpServer()).post('/api/v1/auth/login').send({ email, password: PASSWORD }).expect(200);
      expect(res.body.user.email).toBe(email);
    } finally {
      await second.close();
    }
  }, 120_000);

  it('analyses and vacuums its tables itself, as autovacuum would on a server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hirevision-maintenance-'));
    const app = await createApp(loadConfig({ ...TEST_ENV, DATA_DIR: dir }));
    await app.init();
    try {
      const db = app.get(DataSource);
      const [{ id: tenantId }] = await db.query(`INSERT INTO tenants (name, company_name) VALUES ('M', 'M') RETURNING id`);
      const [{ id: jobId }] = await db.query(`INSERT INTO jobs (tenant_id, title, description) VALUES ($1, 'J', 'D') RETURNING id`, [tenantId]);
      await db.query(
        `INSERT INTO candidates (tenant_id, job_id, name, email) SELECT $1, $2, 'C' || i, 'c' || i || '@m.example' FROM generate_series(1, 400) i`,
        [tenantId, jobId],
      );
      await db.query(`DELETE FROM candidates WHERE id % 2 = 0`);
      const maintenance = app.get(EmbeddedMaintenance);
      // Change counters reach the statistics views within about a second, the inserts' and the deletes'
      // not always together: a pass may only analyse before a later one vacuums.
      let ran: string[] = [];
      for (let i = 0; i < 50 && !ran.includes('VACUUM ANALYZE "candidates"'); i++) {
        await new Promise((r) => setTimeout(r, 200));
        ran = ran.concat(await maintenance.pass());
      }
      expect(ran).toContain('VACUUM ANALYZE "candidates"');
      const [stats] = await db.query(`SELECT last_analyze, last_vacuum, n_live_tup::int AS live FROM pg_stat_user_tables WHERE relname = 'candidates'`);
      expect(stats.last_analyze).not.toBeNull();
      expect(stats.last_vacuum).not.toBeNull();
      expect(stats.live).toBe(200);
      // Nothing changed since: the next pass leaves the table alone.
      expect(await maintenance.pass()).not.toContain('VACUUM ANALYZE "candidates"');
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('makes a new data directory in a child process, and removes what a start killed during it left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hirevision-initdb-'));
    // What a start killed during initdb left.
    mkdirSync(join(dir, 'pgdata.init-4194305-AbC123'));
    writeFileSync(join(dir, 'pgdata.init-4194305-AbC123', 'PG_VERSION'), '17');
    const spawn = jest.spyOn(childProcess, 'spawn');
    try {
      const engine = await EmbeddedPostgres.start({ dataDir: dir, maxConnections: 2 });
      await engine.stop();
      expect(spawn).toHaveBeenCalledTimes(1);
      const args = spawn.mock.calls[0][1] as string[];
      expect(args.at(-2)).toMatch(/embedded-initdb\.ts$/);
      expect(args.at(-1)).toMatch(new RegExp(`^${join(dir, 'pgdata.init-')}${process.pid}-\\w{6}$`));
      expect(readdirSync(dir).sort()).toEqual(['pgdata']);
      expect(existsSync(join(dir, 'pgdata', 'PG_VERSION'))).toBe(true);

      // Opening it again runs no initdb, and the data directory works.
      spawn.mockClear();
      const again = await EmbeddedPostgres.start({ dataDir: dir, maxConnections: 2 });
      try {
        expect(spawn).not.toHaveBeenCalled();
        const ds = new DataSource({ type: 'postgres', url: again.url });
        await ds.initialize();
        await expect(ds.query('SELECT 1 + 1 AS two')).resolves.toEqual([{ two: 2 }]);
        await ds.destroy();
      } finally {
        await again.stop();
      }
    } finally {
      spawn.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('reports a failed initdb with its output, and leaves no data directory and no lock', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hirevision-initdb-'));
    const realSpawn = childProcess.spawn;
    const spawn = jest
      .spyOn(childProcess, 'spawn')
      .mockImplementationOnce(((command: string, args: string[], options: SpawnOptions) =>
        // Half a data directory written, then a failure.
        realSpawn(
          command,
          ['-e', 'const fs = require("fs"); fs.writeFileSync(process.argv[1] + "/PG_VERSION", "17"); process.stderr.write("disk full"); process.exit(3)', args.at(-1)!],
          options,
        )) as unknown as typeof childProcess.spawn);
    try {
      await expect(EmbeddedPostgres.start({ dataDir: dir, maxConnections: 2 })).rejects.toThrow(/initdb of .*pgdata failed \(exit code 3\): disk full/);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      spawn.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ends the initdb child when the process that started it goes away', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hirevision-initdb-'));
    try {
      const child = childProcess.spawn(
        process.execPath,
        ['--require', require.resolve('@swc-node/register'), join(__dirname, '../src/database/embedded-initdb.ts'), join(dir, 'pgdata')],
        { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] },
      );
      const exited = new Promise<number | null>((done) => child.once('exit', done));
      await new Promise((ready) => child.once('spawn', ready));
      child.disconnect(); // as when the parent dies
      await expect(exited).resolves.toBe(1);
      expect(existsSync(join(dir, 'pgdata', 'PG_VERSION'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses a data directory held by another live process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hirevision-locked-'));
    writeFileSync(join(dir, 'pgdata.lock'), String(process.ppid));
    try {
      await expect(EmbeddedPostgres.start({ dataDir: dir, maxConnections: 2 })).rejects.toThrow(/in use by process/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves the application’s pool in process, in turns with the socket’s connections, and ends it on stop', async () => {
    const engine = await EmbeddedPostgres.start({ maxConnections: 2 });
    const inProcess = new pg.Client({ connectionString: engine.url, stream: () => engine.connectInProcess() });
    const overSocket = new pg.Client({ connectionString: engine.url });
    try {
      await Promise.all([inProcess.connect(), overSocket.connect()]);
      await inProcess.query('CREATE TABLE turns (n int)');
      await inProcess.query('BEGIN');
      await inProcess.query('INSERT INTO turns VALUES (1)');
      // The socket's query waits for the in-process transaction, then sees what it committed.
      const seen = overSocket.query('SELECT count(*)::int AS n FROM turns');
      await inProcess.query('INSERT INTO turns VALUES (2)');
      await inProcess.query('COMMIT');
      expect((await seen).rows).toEqual([{ n: 2 }]);
      await overSocket.end();
      // Stopping the engine ends the in-process connection, as it closes the socket's.
      const failed = new Promise<Error>((done) => inProcess.once('error', done));
      await engine.stop();
      await expect(failed).resolves.toThrow(/terminated/);
    } finally {
      await Promise.allSettled([inProcess.end(), overSocket.end()]);
    }
  });

  it('removes the socket directory a killed process left behind, and only that one', async () => {
    // A pid no process has: pid_max is at most 2^22.
    const dead = 4_194_305;
    expect(() => process.kill(dead, 0)).toThrow();
    const stale = mkdtempSync(join(tmpdir(), `hv-pg-${dead}-`));
    writeFileSync(join(stale, '.s.PGSQL.5432'), '');
    const live = mkdtempSync(join(tmpdir(), `hv-pg-${process.ppid}-`));
    const engine = await EmbeddedPostgres.start({ maxConnections: 2 });
    try {
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(live)).toBe(true);
      expect(engine.socketDirectory).toContain(`hv-pg-${process.pid}-`);
    } finally {
      await engine.stop();
      rmSync(live, { recursive: true, force: true });
      rmSync(stale, { recursive: true, force: true });
    }
    expect(existsSync(engine.socketDirectory)).toBe(false);
  });
});
