import { OutboxRepository } from '../src/mail/outbox.repository';
import { createTestApp, TestApp } from './helpers/app';
import { expectError, registerAdmin, Session } from './helpers/factories';

describe('platform: error envelope, request id, security headers', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await registerAdmin(t.http);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('answers malformed JSON with 400 VALIDATION_ERROR', async () => {
    const res = await t.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"email": ').expect(400);
    expectError(res.body, 'VALIDATION_ERROR');
    expect(res.body.error.message).toMatch(/malformed json/i);
  });

  it('rejects unknown fields with per-field details', async () => {
    const res = await t.http.post('/api/v1/auth/login').send({ email: admin.email, password: 'x', role: 'admin' }).expect(400);
    const error = expectError(res.body, 'VALIDATION_ERROR');
    expect(error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'role' })]));
  });

  it('reports each invalid field', async () => {
    const res = await t.http.post('/api/v1/auth/register').send({ email: 'not-an-email', password: 'short' }).expect(400);
    const fields = (expectError(res.body, 'VALIDATION_ERROR').details as Array<{ field: string }>).map((d) => d.field).sort();
    expect(fields).toEqual(['email', 'name', 'organization_name', 'password']);
  });

  it('rejects a JSON array or a scalar where an object is expected', async () => {
    await t.http.post('/api/v1/auth/login').send([1, 2]).expect(400);
    const res = await t.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send('"text"').expect(400);
    expectError(res.body, 'VALIDATION_ERROR');
  });

  it('answers a body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const big = JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(t.config.BODY_LIMIT_BYTES + 10) });
    const res = await t.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').send(big).expect(413);
    expectError(res.body, 'PAYLOAD_TOO_LARGE');
  });

  it('answers an unknown route with 404 NOT_FOUND', async () => {
    const res = await t.http.get('/api/v1/no-such-thing').set(admin.auth).expect(404);
    expectError(res.body, 'NOT_FOUND');
    await t.http.get('/nope').expect(404);
  });

  it('answers 401 without a credential and with a forged one', async () => {
    expectError((await t.http.get('/api/v1/users').expect(401)).body, 'UNAUTHORIZED');
    expectError((await t.http.get('/api/v1/users').set('Authorization', 'Bearer abc.def.ghi').expect(401)).body, 'UNAUTHORIZED');
    expectError((await t.http.get('/api/v1/users').set('Authorization', 'Basic Zm9vOmJhcg==').expect(401)).body, 'UNAUTHORIZED');
  });

  it('rejects an id that is not a positive 32-bit integer with 400', async () => {
    for (const id of ['abc', '-1', '0', '1.5', '99999999999', '2147483648']) {
      const res = await t.http.patch(`/api/v1/users/${id}`).set(admin.auth).send({ name: 'x' });
      expect([id, res.status]).toEqual([id, 400]);
      expectError(res.body, 'VALIDATION_ERROR');
    }
  });

  it('answers 400, never 500, when a required field is sent as null or a date is out of range', async () => {
    const job = await t.http.post('/api/v1/jobs').set(admin.auth).send({ title: 'Null checks' }).expect(201);
    const candidate = await t.http.post(`/api/v1/jobs/${job.body.id}/candidates`).set(admin.auth).send({ name: 'N', email: 'null.check@example.com' }).expect(201);
    const cases: Array<[string, string, Record<string, unknown>]> = [
      ['patch', `/api/v1/jobs/${job.body.id}`, { title: null }],
      ['patch', `/api/v1/jobs/${job.body.id}`, { skills: null }],
      ['patch', `/api/v1/jobs/${job.body.id}`, { is_active: null }],
      ['patch', `/api/v1/candidates/${candidate.body.id}`, { name: null }],
      ['patch', `/api/v1/candidates/${candidate.body.id}`, { skills: null }],
      ['patch', `/api/v1/users/${admin.userId}`, { role: null }],
      ['patch', '/api/v1/auth/me', { email: null }],
      ['patch', '/api/v1/settings', { company_name: null }],
      ['patch', '/api/v1/settings', { consent_required: null }],
    ];
    for (const [method, path, body] of cases) {
      const res = await (method === 'patch' ? t.http.patch(path) : t.http.post(path)).set(admin.auth).send(body);
      expect([path, body, res.status]).toEqual([path, body, 400]);
    }
    // Nullable fields may be cleared.
    await t.http.patch(`/api/v1/jobs/${job.body.id}`).set(admin.auth).send({ location: null }).expect(200);
    await t.http.patch(`/api/v1/candidates/${candidate.body.id}`).set(admin.auth).send({ phone: null }).expect(200);
    await t.http.get('/api/v1/audit/access-logs?from=-200000-01-01T00:00:00Z').set(admin.auth).expect(400);
    expectError((await t.http.post('/api/v1/jobs').set(admin.auth).send({ title: 'x', skills: ['a\u0000b'] }).expect(400)).body, 'VALIDATION_ERROR');
    const badGzip = await t.http.post('/api/v1/auth/login').set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send('not gzip at all').expect(400);
    expectError(badGzip.body, 'VALIDATION_ERROR');
  });

  it('echoes a sane X-Request-Id and generates one otherwise', async () => {
    const echoed = await t.http.get('/healthz').set('X-Request-Id', 'abc-123');
    expect(echoed.headers['x-request-id']).toBe('abc-123');
    const generated = await t.http.get('/healthz').set('X-Request-Id', 'bad id with spaces <script>');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const error = await t.http.get('/api/v1/users').set('X-Request-Id', 'req-777');
    expect(error.headers['x-request-id']).toBe('req-777');
    expect(error.body.error.request_id).toBe('req-777');
  });

  it('sends security headers and a CORS allow-list that exposes the pagination headers', async () => {
    const res = await t.http.get('/healthz').set('Origin', 'http://localhost:5173');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(res.headers['access-control-expose-headers']).toEqual(expect.stringContaining('X-Total-Count'));
    expect(res.headers['access-control-expose-headers']).toEqual(expect.stringContaining('Link'));
    expect(res.headers['access-control-expose-headers']).toEqual(expect.stringContaining('X-Request-Id'));
    const other = await t.http.get('/healthz').set('Origin', 'https://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('paginates lists with X-Total-Count and an RFC 8288 Link header', async () => {
    for (let i = 0; i < 3; i++) {
      await t.http
        .post('/api/v1/users')
        .set(admin.auth)
        .send({ email: `p${i}.${admin.userId}@example.com`, name: `P${i}`, role: 'readonly', password: 'correct horse battery' })
        .expect(201);
    }
    const res = await t.http.get('/api/v1/users?page=2&per_page=2').set(admin.auth).expect(200);
    expect(res.headers['x-total-count']).toBe('4');
    expect(res.body).toHaveLength(2);
    expect(res.headers.link).toBe(
      '</api/v1/users?page=1&per_page=2>; rel="first", </api/v1/users?page=1&per_page=2>; rel="prev", </api/v1/users?page=2&per_page=2>; rel="last"',
    );
    expectError((await t.http.get('/api/v1/users?per_page=101').set(admin.auth).expect(400)).body, 'VALIDATION_ERROR');
    expectError((await t.http.get('/api/v1/users?page=0').set(admin.auth).expect(400)).body, 'VALIDATION_ERROR');
    expectError((await t.http.get('/api/v1/users?sort=evil').set(admin.auth).expect(400)).body, 'VALIDATION_ERROR');
  });

  it('answers an unexpected failure with 500 INTERNAL and no internals', async () => {
    await t.dataSource.query('ALTER TABLE outbox_messages RENAME TO outbox_messages_gone');
    try {
      const res = await t.http.get('/api/v1/dev/outbox').set(admin.auth).expect(500);
      const error = expectError(res.body, 'INTERNAL');
      expect(JSON.stringify(res.body)).not.toMatch(/outbox_messages|SELECT|at .*\.js/);
      expect(error.message).toBe('An unexpected error occurred');
    } finally {
      await t.dataSource.query('ALTER TABLE outbox_messages_gone RENAME TO outbox_messages');
    }
  });

  it('answers 503 UNAVAILABLE with Retry-After while the database cannot be reached', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const query = jest.spyOn(t.app.get(OutboxRepository), 'recent').mockRejectedValueOnce(refused);
    try {
      const res = await t.http.get('/api/v1/dev/outbox').set(admin.auth).expect(503);
      const error = expectError(res.body, 'UNAVAILABLE');
      expect(res.headers['retry-after']).toBe('1');
      expect(JSON.stringify(res.body)).not.toMatch(/ECONNREFUSED|5432/);
      expect(error.message).toMatch(/retry/i);
    } finally {
      query.mockRestore();
    }
    await t.http.get('/api/v1/dev/outbox').set(admin.auth).expect(200);
  });
});

describe('platform: rate limits', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_AUTH: '3', RATE_LIMIT_PUBLIC: '4', RATE_LIMIT_API: '5' });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('limits credential endpoints per IP with 429 RATE_LIMITED and Retry-After', async () => {
    for (let i = 0; i < 3; i++) await t.http.post('/api/v1/auth/login').send({ email: 'x@example.com', password: 'whatever!!' }).expect(401);
    const res = await t.http.post('/api/v1/auth/login').send({ email: 'x@example.com', password: 'whatever!!' }).expect(429);
    expectError(res.body, 'RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('has one spelling of a credential path, and one auth budget for all of them', async () => {
    const fresh = await createTestApp({ RATE_LIMIT_AUTH: '2' });
    try {
      // Paths are case-sensitive: another spelling checks no password, so it cannot be a way around the budget.
      for (const path of ['/api/v1/AUTH/Login', '/api/v1/Auth/login', '/API/V1/auth/login']) {
        await fresh.http.post(path).send({ email: 'x@example.com', password: 'whatever!!' }).expect(404);
      }
      await fresh.http.post('/api/v1/auth/login').send({ email: 'x@example.com', password: 'whatever!!' }).expect(401);
      await fresh.http.post('/api/v1/auth/login/').send({ email: 'x@example.com', password: 'whatever!!' }).expect(401);
      // One budget for every credential route, not one per route.
      await fresh.http.post('/api/v1/auth/register').send({ organization_name: 'O', name: 'N', email: 'n@example.com', password: 'long enough password' }).expect(429);
    } finally {
      await fresh.close();
    }
  }, 60_000);

  it('behind a proxy, a client cannot pick its own address with X-Forwarded-For', async () => {
    const proxied = await createTestApp({ RATE_LIMIT_AUTH: '2', TRUST_PROXY: 'true' });
    try {
      const attempt = (spoof: string) =>
        proxied.http.post('/api/v1/auth/login').set('X-Forwarded-For', `${spoof}, 203.0.113.9`).send({ email: 'x@example.com', password: 'whatever!!' });
      await attempt('10.0.0.1').expect(401);
      await attempt('10.0.0.2').expect(401);
      await attempt('10.0.0.3').expect(429);
      // Another client, as the proxy reports it, has its own budget.
      await proxied.http.post('/api/v1/auth/login').set('X-Forwarded-For', '198.51.100.4').send({ email: 'x@example.com', password: 'whatever!!' }).expect(401);
    } finally {
      await proxied.close();
    }
  }, 60_000);

  it('limits public routes per IP', async () => {
    for (let i = 0; i < 4; i++) await t.http.get('/healthz').expect(200);
    const res = await t.http.get('/healthz').expect(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });
});
