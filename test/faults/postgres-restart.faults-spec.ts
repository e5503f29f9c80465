import { ApiProcess, http, readinessPath, registerAdmin } from './helpers/api-process';
import { describeOutcomes, failed, Outcome, percentile, statusCounts } from './helpers/load';
import { PostgresServer } from './helpers/postgres-server';
import { sleep, waitUntil } from './helpers/processes';

/**
 * PostgreSQL restarts (pg_ctl stop -m fast, then -m immediate; start) while the API takes writes and reads: readiness
 * answers 503 while the database is away and 200 again once it is back, without restarting the API; no
 * write acknowledged with 201 is lost; nothing fails outside the outage.
 */
describe('PostgreSQL restart under load', () => {
  let pg: PostgresServer;
  let api: ApiProcess;

  beforeAll(async () => {
    pg = await PostgresServer.start();
    api = await ApiProcess.start('API on a private PostgreSQL', { DATABASE_URL: pg.url, DATABASE_POOL_SIZE: '10' });
  }, 240_000);

  afterAll(async () => {
    await api?.stop();
    await pg?.destroy();
  }, 60_000);

  it('answers 503 during the outage, recovers by itself, loses no acknowledged write and fails nothing outside the outage', async () => {
    const ready = await readinessPath(api.url);
    const probes = [...new Set([ready, '/healthz'])];
    // Liveness (when this build has it) must stay 200 throughout: the process is fine, only its database is not.
    const live = ready === '/healthz/ready' ? ['/healthz/live'] : [];
    const auth = await registerAdmin(api.url, 'Restart Ltd');
    const pid = api.pid;
    const t0 = Date.now();
    const outcomes: Outcome[] = [];
    let running = true;

    const writer = async (w: number) => {
      for (let i = 0; running; i++) {
        const title = `fault-${w}-${i}`;
        const res = await http(api.url, 'POST', '/api/v1/jobs', { body: { title, skills: ['PostgreSQL'] }, headers: auth });
        outcomes.push({ ...res, kind: 'write', path: 'POST /api/v1/jobs', ref: title });
        // Failing requests come back at once: pace them so the outage is not a busy loop.
        if (failed(res)) await sleep(25);
      }
    };
    const reader = async () => {
      while (running) {
        const res = await http(api.url, 'GET', '/api/v1/jobs?per_page=5', { headers: auth });
        outcomes.push({ ...res, kind: 'read', path: 'GET /api/v1/jobs' });
        if (failed(res)) await sleep(25);
      }
    };
    const prober = async (path: string) => {
      while (running) {
        const res = await http(api.url, 'GET', path, { timeoutMs: 5000 });
        outcomes.push({ ...res, kind: 'health', path });
        await sleep(100);
      }
    };
    const load = Promise.all([writer(1), writer(2), writer(3), reader(), reader(), ...[...probes, ...live].map(prober)]);
    const apiGone = () => (api.running ? undefined : `the API process exited while PostgreSQL was restarting; its last output:\n${api.child.tail(30)}`);

    // Two outages: a clean stop (fast: sessions ended, checkpoint), then a crash-like one (immediate:
    // no checkpoint, the restart replays the WAL), each followed by a stretch of normal load.
    const outages: Array<{ mode: 'fast' | 'immediate'; stop: number; started: number; recovered: number; stop_ms: number; start_ms: number }> = [];
    try {
      await sleep(3000);
      for (const mode of ['fast', 'immediate'] as const) {
        const stop = Date.now();
        const stopMs = await pg.stopServer(mode);
        const down = Date.now();
        for (const path of probes) {
          await waitUntil(
            async () => (outcomes.some((o) => o.kind === 'health' && o.path === path && o.status === 503 && o.start >= down) ? true : undefined),
            15_000,
            () => `${path} never answered 503 while PostgreSQL was stopped: ${JSON.stringify(statusCounts(outcomes.filter((o) => o.path === path && o.start >= down)))}`,
            100,
            apiGone,
          );
        }
        await sleep(2500);
        const startMs = await pg.startServer();
        const started = Date.now();
        let recovered = 0;
        for (const path of probes) {
          const first = await waitUntil(
            async () => outcomes.find((o) => o.kind === 'health' && o.path === path && o.status === 200 && o.start >= started),
            30_000,
            () => `${path} did not answer 200 again after PostgreSQL was back: ${JSON.stringify(statusCounts(outcomes.filter((o) => o.path === path && o.start >= started)))}\n${api.child.tail(20)}`,
            100,
            apiGone,
          );
          recovered = Math.max(recovered, first.end);
        }
        outages.push({ mode, stop, started, recovered, stop_ms: stopMs, start_ms: startMs });
        await sleep(4000);
      }
    } finally {
      running = false;
      await load;
    }

    const inOutage = (o: Outcome) => outages.some((w) => o.end >= w.stop && o.start <= w.recovered);
    const before = (o: Outcome) => o.end < outages[0].stop;
    const after = (o: Outcome) => o.start > outages[outages.length - 1].recovered;
    const writes = outcomes.filter((o) => o.kind === 'write');
    const acknowledged = writes.filter((o) => o.status === 201);
    const rows = await pg.query<{ id: number; title: string }>(`SELECT id, title FROM jobs WHERE title LIKE 'fault-%'`);
    const stored = new Map(rows.map((r) => [r.title, Number(r.id)]));
    const lost = acknowledged.filter((o) => stored.get(o.ref as string) !== (o.body as { id: number }).id);
    const unacknowledgedButStored = writes.filter((o) => o.status !== 201 && stored.has(o.ref as string));
    const outside = outcomes.filter((o) => !inOutage(o));
    const outsideFailures = outside.filter(failed);
    const during = outcomes.filter(inOutage);
    const health = outcomes.filter((o) => o.kind === 'health');
    const settled = outages.map((w) => w.recovered + 1000);
    const errorLogs = api.logLines().filter((l) => l.level >= 50);
    const duringLog = (l: { time: number }) => outages.some((w) => l.time >= w.stop && l.time <= w.recovered);
    const lateErrors = errorLogs.filter((l) => settled.some((t, i) => l.time > t && (i + 1 === outages.length || l.time < outages[i + 1].stop)));

    const summary = {
      readiness: ready,
      liveness_during_outages: statusCounts(during.filter((o) => live.includes(o.path))),
      outages: outages.map((w) => ({
        mode: w.mode,
        window_ms: w.recovered - w.stop,
        postgres_down_ms: w.started - w.stop,
        recovered_after_start_ms: w.recovered - w.started,
        stop_ms: w.stop_ms,
        start_ms: w.start_ms,
      })),
      requests: outcomes.length,
      writes: writes.length,
      acknowledged: acknowledged.length,
      acknowledged_before: acknowledged.filter(before).length,
      acknowledged_after: acknowledged.filter(after).length,
      lost: lost.length,
      unacknowledged_but_stored: unacknowledgedButStored.length,
      during_outages: statusCounts(during),
      outside_outages: statusCounts(outside),
      health_p99_ms: percentile(health.map((o) => o.end - o.start), 99),
      health_max_ms: Math.max(...health.map((o) => o.end - o.start)),
      error_logs_during_outages: errorLogs.filter(duringLog).length,
      error_logs_after_recovery: lateErrors.length,
      failure_messages_during_outages: [...new Set(errorLogs.filter(duringLog).map((l) => `${l.msg ?? ''}: ${(l.err as { message?: string } | undefined)?.message ?? ''}`))].slice(0, 8),
      error_codes_during_outages: statusCounts(during.filter((o) => o.kind !== 'health' && failed(o)).map((o) => ({ ...o, status: ((o.body as { error?: { code?: string } })?.error?.code ?? o.status) as number }))),
    };
    console.log(`PostgreSQL restart: ${JSON.stringify(summary, null, 1)}`);
    if (lateErrors.length) console.log(`error logs after recovery:\n${lateErrors.slice(0, 5).map((l) => JSON.stringify(l).slice(0, 400)).join('\n')}`);

    // The API kept running: readiness came back without a restart.
    expect(api.running).toBe(true);
    expect(api.pid).toBe(pid);
    for (const w of outages) expect(w.recovered - w.started).toBeLessThan(15_000);
    // Every probe was answered, and promptly (the database check gives up after 2 s).
    expect(health.filter((o) => typeof o.status !== 'number')).toEqual([]);
    expect(summary.health_max_ms).toBeLessThan(4000);
    expect(statusCounts(health.filter((o) => live.includes(o.path)))).toEqual(live.length ? { 200: expect.any(Number) } : {});
    // Load before and after, so the checks below are not vacuous.
    expect(summary.acknowledged_before).toBeGreaterThan(10);
    expect(summary.acknowledged_after).toBeGreaterThan(10);
    // A request the outage broke answers 503 UNAVAILABLE (retry), not 500: at most a stray one in a hundred
    // (a transaction whose connection died between two of its statements).
    const codes = summary.error_codes_during_outages as Record<string, number>;
    expect(codes.UNAVAILABLE ?? 0).toBeGreaterThan(0);
    expect((codes.INTERNAL ?? 0) * 100).toBeLessThanOrEqual(codes.UNAVAILABLE ?? 0);
    if (outsideFailures.length) throw new Error(`${outsideFailures.length} request(s) failed outside the outage:\n${describeOutcomes(outsideFailures, t0)}`);
    if (lost.length) throw new Error(`${lost.length} acknowledged write(s) lost:\n${describeOutcomes(lost, t0)}`);
  }, 180_000);
});
