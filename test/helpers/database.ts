import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres';
import { TEMPLATE_DB, withDatabase } from './database-url';

export interface TestDatabase {
  url: string;
  kind: 'postgres' | 'embedded';
  drop(): Promise<void>;
}

/** A database of this test file's own, already migrated (see global-setup). */
export async function provisionDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const name = `hv_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    await adminQuery(serverUrl, `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
    return {
      url: withDatabase(serverUrl, name),
      kind: 'postgres',
      drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    };
  }
  const snapshot = process.env.HV_TEST_SNAPSHOT;
  if (!snapshot) throw new Error('global-setup did not prepare the embedded snapshot');
  const embedded = await EmbeddedPostgres.start({ maxConnections: 14, loadDataDir: new Blob([readFileSync(snapshot)]) });
  return { url: embedded.url, kind: 'embedded', drop: () => embedded.stop() };
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
