import { createTestApp, TestApp } from './helpers/app';

describe('health probes', () => {
  let t: TestApp;

  beforeAll(async () => {
    // A tight public limit, to show the probes are not counted against it.
    t = await createTestApp({ RATE_LIMIT_PUBLIC: '3' });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('GET /healthz answers 200 with status, database and version when the database answers', async () => {
    const res = await t.http.get('/healthz').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('GET /healthz/live answers 200 with status and version', async () => {
    const res = await t.http.get('/healthz/live').expect(200);
    expect(res.body).toEqual({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('GET /healthz/ready answers 200 with the /healthz shape when the database answers', async () => {
    const res = await t.http.get('/healthz/ready').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('probes are not rate limited', async () => {
    for (let i = 0; i < 8; i++) {
      await t.http.get('/healthz/live').expect(200);
      await t.http.get('/healthz/ready').expect(200);
    }
    // Concurrent readiness probes (they share one database round trip) all answer.
    const many = await Promise.all(Array.from({ length: 20 }, () => t.http.get('/healthz/ready')));
    expect(many.map((r) => r.status)).toEqual(Array(20).fill(200));
  });

  it('when the database does not answer: /healthz and /healthz/ready answer 503 with the same shape, /healthz/live still 200', async () => {
    await t.dataSource.destroy();
    const ready = await t.http.get('/healthz/ready').expect(503);
    expect(ready.body).toEqual({ status: 'error', database: 'down', version: expect.any(String) });
    const health = await t.http.get('/healthz').expect(503);
    expect(health.body).toEqual(ready.body);
    const live = await t.http.get('/healthz/live').expect(200);
    expect(live.body).toEqual({ status: 'ok', version: expect.any(String) });
  });
});
