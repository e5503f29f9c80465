import { randomBytes } from 'node:crypto';
import { createTestApp, TestApp } from './helpers/app';

/**
 * Rate limits across API instances. With TEST_REDIS_URL (CI starts Redis) the counters live in Redis and
 * two instances share them; without it (a machine with no Redis) each instance counts on its own.
 */
describe('rate limits across instances', () => {
  const redisUrl = process.env.TEST_REDIS_URL;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    const env = { RATE_LIMIT_PUBLIC: '4', ...(redisUrl ? { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: `hv-test:${randomBytes(6).toString('hex')}:` } : {}) };
    a = await createTestApp(env);
    b = await createTestApp(env);
  }, 60_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it(redisUrl ? 'shares one budget through Redis' : 'keeps one budget per instance in memory', async () => {
    for (let i = 0; i < 2; i++) await a.http.get('/healthz').expect(200);
    for (let i = 0; i < 2; i++) await b.http.get('/healthz').expect(200);
    const fifth = await a.http.get('/healthz');
    if (redisUrl) {
      expect(fifth.status).toBe(429);
      expect(Number(fifth.headers['retry-after'])).toBeGreaterThan(0);
      await b.http.get('/healthz').expect(429);
    } else {
      expect(fifth.status).toBe(200);
      await a.http.get('/healthz').expect(200);
      await a.http.get('/healthz').expect(429);
      await b.http.get('/healthz').expect(200);
    }
  });
});
