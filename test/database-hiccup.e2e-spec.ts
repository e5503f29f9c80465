import { Logger } from '@nestjs/common';
import { AccessLogWriter } from '../src/audit/access-log.writer';
import { MetricsRecorder } from '../src/metrics/metrics-recorder';
import { createTestApp, TestApp } from './helpers/app';
import { registerAdmin, Session } from './helpers/factories';

/**
 * Access-log rows, latency samples and request counters are written in batches after the response. A
 * database that refuses a batch for a while (here: the tables renamed away, so every insert fails) must
 * not lose a row: the batch stays queued and is written once the database takes it again. Only past the
 * configured bound are rows dropped, oldest first, and that is logged and counted.
 */

const scrape = async (t: TestApp, name: string, buffer: string): Promise<number> => {
  const text = (await t.http.get('/metrics').expect(200)).text;
  const line = text.split('\n').find((l) => l.startsWith(`${name}{buffer="${buffer}"}`));
  return line ? Number(line.split(' ')[1]) : NaN;
};

async function withTablesAway(t: TestApp, tables: string[], run: () => Promise<void>): Promise<void> {
  for (const table of tables) await t.dataSource.query(`ALTER TABLE ${table} RENAME TO ${table}_away`);
  try {
    await run();
  } finally {
    for (const table of tables) await t.dataSource.query(`ALTER TABLE ${table}_away RENAME TO ${table}`);
  }
}

describe('a database hiccup', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    // Metrics are written only when the test flushes.
    t = await createTestApp({ METRICS_FLUSH_INTERVAL_MS: '60000' });
    admin = await registerAdmin(t.http, 'Hiccup');
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('loses no access-log row, latency sample or request count: refused batches are written once the database answers', async () => {
    const writer = t.app.get(AccessLogWriter);
    const recorder = t.app.get(MetricsRecorder);
    await writer.flush();
    await recorder.flush();
    const countsBefore = await t.dataSource.query(`SELECT coalesce(sum(count), 0)::int AS n FROM request_counts WHERE tenant_id = $1`, [admin.tenantId]);

    await withTablesAway(t, ['access_logs', 'metric_samples', 'request_counts'], async () => {
      for (let i = 0; i < 20; i++) {
        await t.http.get('/api/v1/jobs').set(admin.auth).set('X-Request-Id', `hiccup-${i}`).expect(200);
        await t.http.post('/api/v1/metrics/log-upload').set(admin.auth).send({ kind: 'audio', duration_ms: 7000 + i, success: true }).expect(200);
      }
      // Each attempt fails; nothing is dropped.
      await writer.flush();
      await recorder.flush();
      await writer.flush();
      await recorder.flush();
      expect(writer.pending).toBe(40);
      expect(recorder.pending.samples).toBe(20);
      expect(recorder.pending.counters).toBeGreaterThan(0);
      expect(await scrape(t, 'hirevision_write_buffer_failures_total', 'access_logs')).toBeGreaterThanOrEqual(2);
      expect(await scrape(t, 'hirevision_write_buffer_rows', 'access_logs')).toBeGreaterThanOrEqual(40);
    });

    await writer.flush();
    await recorder.flush();
    expect(writer.pending).toBe(0);
    expect(recorder.pending).toEqual({ samples: 0, counters: 0 });
    const logs = await t.dataSource.query(`SELECT request_id FROM access_logs WHERE request_id LIKE 'hiccup-%' AND method = 'GET' ORDER BY id`);
    expect(logs.map((r: { request_id: string }) => r.request_id)).toEqual(Array.from({ length: 20 }, (_, i) => `hiccup-${i}`));
    const samples = await t.dataSource.query(`SELECT duration_ms FROM metric_samples WHERE tenant_id = $1 AND duration_ms >= 7000 ORDER BY duration_ms`, [admin.tenantId]);
    expect(samples.map((r: { duration_ms: number }) => r.duration_ms)).toEqual(Array.from({ length: 20 }, (_, i) => 7000 + i));
    // Every request of the tenant counted exactly once: the 40 above (the /metrics scrapes are not tenant requests).
    const countsAfter = await t.dataSource.query(`SELECT coalesce(sum(count), 0)::int AS n FROM request_counts WHERE tenant_id = $1`, [admin.tenantId]);
    expect(countsAfter[0].n - countsBefore[0].n).toBe(40);
    expect(await scrape(t, 'hirevision_write_buffer_dropped_total', 'access_logs')).toBe(0);
  });
});

describe('the access-log buffer bound', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ ACCESS_LOG_BUFFER_MAX: '10' });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('past ACCESS_LOG_BUFFER_MAX drops the oldest rows, logs the episode with its count and counts them in Prometheus', async () => {
    const writer = t.app.get(AccessLogWriter);
    const admin = await registerAdmin(t.http, 'Bound');
    await writer.flush();
    const errors = jest.spyOn(Logger.prototype, 'error');
    try {
      await withTablesAway(t, ['access_logs'], async () => {
        await t.http.get('/api/v1/jobs').set(admin.auth).set('X-Request-Id', 'bound-01').expect(200);
        // Four failed attempts: the scheduled flush now waits 8 s, so only these requests touch the buffer.
        for (let i = 0; i < 4; i++) await writer.flush();
        for (let i = 2; i <= 15; i++) {
          await t.http.get('/api/v1/jobs').set(admin.auth).set('X-Request-Id', `bound-${String(i).padStart(2, '0')}`).expect(200);
        }
        expect(writer.pending).toBe(10);
        await writer.flush();
      });
      await writer.flush();

      const logs = await t.dataSource.query(`SELECT request_id FROM access_logs WHERE request_id LIKE 'bound-%' ORDER BY id`);
      expect(logs.map((r: { request_id: string }) => r.request_id)).toEqual(Array.from({ length: 10 }, (_, i) => `bound-${String(i + 6).padStart(2, '0')}`));
      const overflow = errors.mock.calls.filter(([, message]) => typeof message === 'string' && message.startsWith('access_logs: ') && /buffer full|dropped/.test(message));
      expect(overflow).toEqual([
        [{ max: 10 }, 'access_logs: buffer full (10 rows); dropping the oldest rows'],
        [{ dropped: 5 }, 'access_logs: 5 rows were dropped while the buffer was full'],
      ]);
      const failures = errors.mock.calls.filter(([, message]) => message === 'access_logs: could not write rows; they stay queued and are retried with backoff');
      expect(failures).toHaveLength(1);
      expect(await scrape(t, 'hirevision_write_buffer_dropped_total', 'access_logs')).toBe(5);
    } finally {
      errors.mockRestore();
    }
  });
});
