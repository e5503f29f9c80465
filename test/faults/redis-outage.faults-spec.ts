import { ApiProcess, http, HttpResult, LogLine } from './helpers/api-process';
import { percentile, statusCounts } from './helpers/load';
import { PostgresServer } from './helpers/postgres-server';
import { RedisServer } from './helpers/redis-server';
import { sleep, waitUntil } from './helpers/processes';

const LIMIT = 4;
/** A candidate-token route: public, so limited per client address (RATE_LIMIT_PUBLIC). Any token will do. */
const ROUTE = `/api/v1/public/interviews/${'x'.repeat(43)}`;
const PREFIX = 'hv-faults:';

const fromRateLimit = (l: LogLine) => l.context === 'RateLimit';
const isFallbackWarning = (l: LogLine) => fromRateLimit(l) && l.level === 40;
const isRecovery = (l: LogLine) => fromRateLimit(l) && l.level === 30;

/**
 * Redis (the shared rate-limit counters of two API instances) stops and comes back: requests keep being
 * answered promptly, limits are counted in memory per instance meanwhile (and say so once in the log),
 * and the shared counters are used again once Redis is back.
 */
describe('Redis outage', () => {
  let pg: PostgresServer;
  let redis: RedisServer;
  let a: ApiProcess;
  let b: ApiProcess;

  beforeAll(async () => {
    redis = await RedisServer.start();
    pg = await PostgresServer.start();
    const env = { DATABASE_URL: pg.url, REDIS_URL: redis.url, REDIS_KEY_PREFIX: PREFIX, RATE_LIMIT_PUBLIC: String(LIMIT), TRUST_PROXY: 'true', DATABASE_POOL_SIZE: '4' };
    a = await ApiProcess.start('API A', env);
    b = await ApiProcess.start('API B', env);
  }, 240_000);

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await redis?.destroy();
    await pg?.destroy();
  }, 60_000);

  /** Each phase uses client addresses of its own (X-Forwarded-For, TRUST_PROXY), so its budget starts full. */
  const hit = (api: ApiProcess, client: string): Promise<HttpResult> => http(api.url, 'GET', ROUTE, { headers: { 'X-Forwarded-For': client }, timeoutMs: 5000 });
  const allowed = (r: HttpResult) => typeof r.status === 'number' && r.status < 500 && r.status !== 429;

  /** `LIMIT` requests split over both instances, then one more on each: limited when the budget is shared. */
  async function spendShared(client: string): Promise<{ within: HttpResult[]; next: HttpResult[] }> {
    const within: HttpResult[] = [];
    for (let i = 0; i < LIMIT; i++) within.push(await hit(i % 2 ? b : a, client));
    return { within, next: [await hit(a, client), await hit(b, client)] };
  }

  it('keeps answering on in-memory counters while Redis is down, logs it once, and shares counters again when Redis is back', async () => {
    // Redis up: one budget for both instances.
    const shared = await spendShared('10.0.1.1');
    expect(shared.within.map((r) => r.status).filter((s) => s === 429 || (typeof s === 'number' && s >= 500))).toEqual([]);
    expect(shared.next.map((r) => r.status)).toEqual([429, 429]);
    expect((await redis.keys(`${PREFIX}*`)).length).toBeGreaterThan(0);
    expect(a.logLines().filter(fromRateLimit)).toEqual([]);

    // Redis stops.
    const logsBefore = { a: a.logLines().length, b: b.logLines().length };
    const stopped = Date.now();
    await redis.stopServer('SIGTERM');
    const outage: HttpResult[] = [];
    const record = async (api: ApiProcess, client: string) => {
      const r = await hit(api, client);
      outage.push(r);
      return r;
    };

    // Each instance now counts on its own: the full budget on A, then the full budget again on B.
    const own: Record<'a' | 'b', HttpResult[]> = { a: [], b: [] };
    for (const [name, api] of [['a', a], ['b', b]] as const) {
      for (let i = 0; i <= LIMIT; i++) own[name].push(await record(api, '10.0.2.1'));
    }
    // A burst from many clients, then a trickle for a few seconds while the client's reconnection backs off.
    await Promise.all(Array.from({ length: 40 }, (_, i) => record(i % 2 ? b : a, `10.0.3.${i}`)));
    for (let i = 0; Date.now() - stopped < 6000; i++) {
      await record(i % 2 ? b : a, `10.0.4.${i % 250}`);
      await sleep(100);
    }

    const latencies = outage.map((r) => r.end - r.start);
    const warnings = {
      a: a.logLines().slice(logsBefore.a).filter(isFallbackWarning),
      b: b.logLines().slice(logsBefore.b).filter(isFallbackWarning),
    };

    // Redis comes back on the same address.
    const restarted = Date.now();
    await redis.startServer();
    const probe = { n: 0 };
    const recoveredAfter: Record<'a' | 'b', number> = { a: 0, b: 0 };
    for (const [name, api] of [['a', a], ['b', b]] as const) {
      const line = await waitUntil(
        async () => {
          await hit(api, `10.0.5.${probe.n++ % 250}`);
          return api.logLines().find((l) => isRecovery(l) && l.time >= restarted);
        },
        20_000,
        () => `API ${name.toUpperCase()} did not go back to Redis:\n${api.child.tail(10)}`,
        200,
      );
      recoveredAfter[name] = line.time - restarted;
    }
    const again = await spendShared('10.0.6.1');

    const summary = {
      outage_requests: outage.length,
      outage_statuses: statusCounts(outage),
      outage_latency_p50_ms: percentile(latencies, 50),
      outage_latency_p99_ms: percentile(latencies, 99),
      outage_latency_max_ms: Math.max(...latencies),
      fallback_warnings: { a: warnings.a.length, b: warnings.b.length },
      back_on_redis_after_restart_ms: recoveredAfter,
      ioredis_unhandled_error_lines: (a.child.logs() + b.child.logs()).split('\n').filter((l) => l.includes('[ioredis]')).length,
    };
    console.log(`Redis outage: ${JSON.stringify(summary, null, 1)}`);
    if (warnings.a[0]) console.log(`fallback warning: ${JSON.stringify(warnings.a[0])}`);

    // Answered, promptly, without a server error.
    expect(outage.filter((r) => typeof r.status !== 'number' || r.status >= 500)).toEqual([]);
    expect(summary.outage_latency_max_ms).toBeLessThan(2000);
    // In memory, per instance: the limit still holds on each, but no longer across them.
    for (const name of ['a', 'b'] as const) {
      expect(own[name].slice(0, LIMIT).every(allowed)).toBe(true);
      expect(own[name][LIMIT].status).toBe(429);
    }
    // One warning per instance for the whole outage, and no per-attempt noise from the Redis client.
    expect(summary.fallback_warnings).toEqual({ a: 1, b: 1 });
    expect(summary.ioredis_unhandled_error_lines).toBe(0);
    // Shared again.
    expect(again.within.every(allowed)).toBe(true);
    expect(again.next.map((r) => r.status)).toEqual([429, 429]);
    expect(a.running && b.running).toBe(true);
  }, 180_000);

  it('answers within the command timeout while Redis hangs (connected, answering nothing), and shares counters again after', async () => {
    const paused = Date.now();
    const logsBefore = { a: a.logLines().length, b: b.logLines().length };
    redis.pause();
    const hung: HttpResult[] = [];
    try {
      const burst = Promise.all(Array.from({ length: 20 }, (_, i) => hit(i % 2 ? b : a, `10.1.1.${i}`)));
      hung.push(...(await burst));
      for (let i = 0; Date.now() - paused < 4000; i++) {
        hung.push(await hit(i % 2 ? b : a, `10.1.2.${i % 250}`));
        await sleep(50);
      }
    } finally {
      redis.resume();
    }
    const resumed = Date.now();
    for (const api of [a, b]) {
      await waitUntil(
        async () => {
          await hit(api, `10.1.3.${Math.floor(Math.random() * 250)}`);
          return api.logLines().some((l) => isRecovery(l) && l.time >= resumed) ? true : undefined;
        },
        20_000,
        () => `${api.child.name} did not go back to Redis after it answered again:\n${api.child.tail(10)}`,
        200,
      );
    }
    const again = await spendShared('10.1.4.1');
    const latencies = hung.map((r) => r.end - r.start);
    const warnings = [...a.logLines().slice(logsBefore.a), ...b.logLines().slice(logsBefore.b)].filter(isFallbackWarning);
    console.log(
      `Redis hung: ${JSON.stringify({
        requests: hung.length,
        statuses: statusCounts(hung),
        latency_p50_ms: percentile(latencies, 50),
        latency_p99_ms: percentile(latencies, 99),
        latency_max_ms: Math.max(...latencies),
        warnings: warnings.length,
        reasons: [...new Set(warnings.map((l) => l.reason))],
      })}`,
    );
    expect(hung.filter((r) => typeof r.status !== 'number' || r.status >= 500)).toEqual([]);
    expect(Math.max(...latencies)).toBeLessThan(2000);
    expect(warnings.length).toBe(2);
    expect(again.within.every(allowed)).toBe(true);
    expect(again.next.map((r) => r.status)).toEqual([429, 429]);
  }, 120_000);
});
