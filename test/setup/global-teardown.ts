import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { TEMPLATE_DB } from '../helpers/database-url';

export default async function globalTeardown(): Promise<void> {
  if (process.env.HV_TEST_SNAPSHOT) rmSync(process.env.HV_TEST_SNAPSHOT, { force: true });
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await admin.end();
  }
}
