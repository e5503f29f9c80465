import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/app-config';
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

  it('refuses a data directory held by another live process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hirevision-locked-'));
    writeFileSync(join(dir, 'pgdata.lock'), String(process.ppid));
    try {
      await expect(EmbeddedPostgres.start({ dataDir: dir, maxConnections: 2 })).rejects.toThrow(/in use by process/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
