import { createTestApp, TestApp } from './helpers/app';

describe('GET /healthz', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('answers 200 with status, database and version when the database answers', async () => {
    const res = await t.http.get('/healthz').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('answers 503 with the same shape when the database does not', async () => {
    await t.dataSource.destroy();
    const res = await t.http.get('/healthz').expect(503);
    expect(res.body).toEqual({ status: 'error', database: 'down', version: expect.any(String) });
  });
});
