import { Client } from 'pg';
import { AccessLogWriter } from '../src/audit/access-log.writer';
import { createTestApp, TestApp } from './helpers/app';
import { createCandidate, createJob, createTenant, expectError, sendLink, TestTenant } from './helpers/factories';

describe('access logs', () => {
  let t: TestApp;
  let acme: TestTenant;
  let globex: TestTenant;

  beforeAll(async () => {
    t = await createTestApp();
    acme = await createTenant(t.http, 'Acme');
    globex = await createTenant(t.http, 'Globex');
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  const flush = () => t.app.get(AccessLogWriter).flush();

  it('records JWT, candidate-token and anonymous requests with route, status, timing and request id', async () => {
    const job = await createJob(t.http, acme.recruiter);
    await t.http.get(`/api/v1/jobs/${job.id}`).set(acme.recruiter.auth).set('User-Agent', 'audit-test/1.0').set('X-Request-Id', 'audit-req-1').expect(200);
    const candidate = await createCandidate(t.http, acme.admin, job.id, { email: 'secret.person@example.com' });
    await t.http.get(`/api/v1/candidates?q=${encodeURIComponent('secret.person@example.com')}`).set(acme.admin.auth).expect(200);
    const { token } = await sendLink(t.http, acme.admin, candidate.id);
    await t.http.get(`/api/v1/public/interviews/${token}`).expect(200);
    await t.http.post(`/api/v1/tokens/verify?token=${token}&mark_used=false`).expect(200);
    await t.http.post('/api/v1/auth/login').send({ email: acme.admin.email, password: 'correct horse battery' }).expect(200);
    await flush();

    const res = await t.http.get('/api/v1/audit/access-logs?per_page=100').set(acme.admin.auth).expect(200);
    const byRequest = res.body.find((l: { request_id: string }) => l.request_id === 'audit-req-1');
    expect(byRequest).toEqual({
      id: expect.any(Number),
      user_id: acme.recruiter.userId,
      invite_token_id: null,
      method: 'GET',
      route: '/api/v1/jobs/:id',
      path: `/api/v1/jobs/${job.id}`,
      status: 200,
      duration_ms: expect.any(Number),
      ip: expect.any(String),
      user_agent: 'audit-test/1.0',
      request_id: 'audit-req-1',
      created_at: expect.any(String),
    });
    const candidateApp = res.body.find((l: { route: string }) => l.route === '/api/v1/public/interviews/:token');
    expect(candidateApp).toMatchObject({ path: '/api/v1/public/interviews/[redacted]', user_id: null, invite_token_id: expect.any(Number), status: 200 });

    // No token, password or search term is stored anywhere in the table.
    const dump = JSON.stringify(await t.dataSource.query('SELECT * FROM access_logs'));
    expect(dump).not.toContain(token);
    expect(dump).not.toContain('secret.person');
    expect(dump).not.toContain('correct horse battery');
    expect(dump).not.toContain(acme.admin.accessToken);
    // Anonymous requests are recorded without a tenant.
    const anonymous = await t.dataSource.query(`SELECT count(*)::int AS n FROM access_logs WHERE tenant_id IS NULL AND path = '/api/v1/auth/login'`);
    expect(anonymous[0].n).toBeGreaterThan(0);
  });

  it('filters by user, path prefix, status and time, and paginates', async () => {
    await t.http.get('/api/v1/jobs/999999').set(acme.readonly.auth).expect(404);
    await t.http.get('/api/v1/users').set(acme.readonly.auth).expect(403);
    await flush();
    const mine = await t.http.get(`/api/v1/audit/access-logs?user_id=${acme.readonly.userId}`).set(acme.admin.auth).expect(200);
    expect(mine.body.length).toBeGreaterThanOrEqual(2);
    expect(mine.body.every((l: { user_id: number }) => l.user_id === acme.readonly.userId)).toBe(true);
    const notFound = await t.http.get('/api/v1/audit/access-logs?status=404').set(acme.admin.auth).expect(200);
    expect(notFound.body.map((l: { path: string }) => l.path)).toContain('/api/v1/jobs/999999');
    expect(notFound.body.every((l: { status: number }) => l.status === 404)).toBe(true);
    const users = await t.http.get('/api/v1/audit/access-logs?path=/api/v1/users').set(acme.admin.auth).expect(200);
    expect(users.body.length).toBeGreaterThan(0);
    expect(users.body.every((l: { path: string }) => l.path.startsWith('/api/v1/users'))).toBe(true);
    const future = await t.http.get('/api/v1/audit/access-logs?from=2999-01-01T00:00:00Z').set(acme.admin.auth).expect(200);
    expect(future.body).toEqual([]);
    const past = await t.http.get('/api/v1/audit/access-logs?to=2000-01-01T00:00:00Z').set(acme.admin.auth).expect(200);
    expect(past.body).toEqual([]);
    const page = await t.http.get('/api/v1/audit/access-logs?per_page=2').set(acme.admin.auth).expect(200);
    expect(page.body).toHaveLength(2);
    expect(Number(page.headers['x-total-count'])).toBeGreaterThan(2);
    expect(new Date(page.body[0].created_at) >= new Date(page.body[1].created_at)).toBe(true);
  });

  it("shows only the caller's organization", async () => {
    await t.http.get('/api/v1/jobs').set(globex.admin.auth).set('X-Request-Id', 'globex-only').expect(200);
    await flush();
    const acmeLogs = await t.http.get('/api/v1/audit/access-logs?per_page=100').set(acme.admin.auth).expect(200);
    expect(acmeLogs.body.some((l: { request_id: string }) => l.request_id === 'globex-only')).toBe(false);
    const globexLogs = await t.http.get('/api/v1/audit/access-logs?per_page=100').set(globex.admin.auth).expect(200);
    expect(globexLogs.body.some((l: { request_id: string }) => l.request_id === 'globex-only')).toBe(true);
  });

  it('is admin-only and validates filters', async () => {
    await t.http.get('/api/v1/audit/access-logs').set(acme.recruiter.auth).expect(403);
    await t.http.get('/api/v1/audit/access-logs').set(acme.readonly.auth).expect(403);
    await t.http.get('/api/v1/audit/access-logs').expect(401);
    for (const q of ['status=99', 'status=abc', 'from=yesterday', 'user_id=-1', `path=${'x'.repeat(201)}`, 'per_page=1000', 'tenant_id=1']) {
      expectError((await t.http.get(`/api/v1/audit/access-logs?${q}`).set(acme.admin.auth).expect(400)).body, 'VALIDATION_ERROR');
    }
  });

  it('writes buffered rows on a graceful stop', async () => {
    const other = await createTestApp();
    const tenant = await createTenant(other.http, 'Stop');
    await other.http.get('/api/v1/jobs').set(tenant.admin.auth).set('X-Request-Id', 'before-stop').expect(200);
    await other.app.close();
    // Read through a fresh connection after the app is gone: its writer flushed on shutdown.
    const client = new Client({ connectionString: other.db.url });
    await client.connect();
    try {
      const rows = await client.query(`SELECT count(*)::int AS n FROM access_logs WHERE request_id = 'before-stop'`);
      expect(rows.rows[0].n).toBe(1);
    } finally {
      await client.end();
    }
    await other.close();
  }, 60_000);
});
