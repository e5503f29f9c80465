import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, EMBEDDED_POOL_SIZE, runMigrations } from '../../src/database/data-source';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres';
import { TEMPLATE_DB, withDatabase } from '../helpers/database-url';

/**
 * Prepares one migrated database that every test file copies:
 *  - TEST_DATABASE_URL set: a template database on that server (each file: CREATE DATABASE … TEMPLATE);
 *  - otherwise: a snapshot of a migrated embedded PostgreSQL (each file loads it into its own PGlite).
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
    await admin.end();
    const ds = new DataSource(dataSourceOptions(withDatabase(serverUrl, TEMPLATE_DB), 2));
    await ds.initialize();
    await runMigrations(ds);
    await ds.destroy();
  } else {
    const embedded = await EmbeddedPostgres.start({ maxConnections: 4 });
    const ds = new DataSource(dataSourceOptions(embedded.url, EMBEDDED_POOL_SIZE));
    await ds.initialize();
    await runMigrations(ds);
    await ds.destroy();
    const snapshot = Buffer.from(await (await embedded.dump()).arrayBuffer());
    await embedded.stop();
    const dir = join(tmpdir(), 'hirevision-test');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `snapshot-${process.pid}.tar`);
    writeFileSync(file, snapshot);
    process.env.HV_TEST_SNAPSHOT = file;
  }
  process.env.HV_TEST_SETUP_MS = String(Date.now() - started);
}
