/**
 * Retention purge time for 100k expired access-log rows (batched, with the advisory lock), against one
 * unbatched DELETE of another 100k rows in the same process and database.
 *
 *   npm run bench:retention
 */
import { DataSource } from 'typeorm';
import { RetentionService } from '../src/retention/retention.service';
import { dbLabel, run, withBenchApp } from './support';

const ROWS = Number(process.env.ROWS ?? 100_000);

async function seed(db: DataSource, marker: string): Promise<void> {
  await db.query(
    `INSERT INTO access_logs (tenant_id, method, route, path, status, duration_ms, request_id, created_at)
     SELECT NULL, 'GET', '/api/v1/jobs', '/api/v1/jobs', 200, 3, $1, now() - interval '200 days' FROM generate_series(1, $2)`,
    [marker, ROWS],
  );
}

run(() =>
  withBenchApp({}, async ({ app, config }) => {
    const db = app.get(DataSource);
    await seed(db, 'baseline');
    let t0 = performance.now();
    await db.query(`DELETE FROM access_logs WHERE created_at < now() - interval '90 days'`);
    const baseline = performance.now() - t0;

    await seed(db, 'purge');
    t0 = performance.now();
    const report = await app.get(RetentionService).run();
    const purge = performance.now() - t0;
    console.log(`${dbLabel(config)}; batch size ${config.RETENTION_BATCH_SIZE}`);
    console.log(`one unbatched DELETE of ${ROWS} rows: ${baseline.toFixed(0)} ms`);
    console.log(`retention purge of ${report.removed.access_logs} rows: ${purge.toFixed(0)} ms (${(report.removed.access_logs / (purge / 1000)).toFixed(0)} rows/s)`);
    console.log(`ratio purge/baseline: ${(purge / baseline).toFixed(2)}x`);
  }),
);
