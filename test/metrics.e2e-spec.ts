import { MetricsRecorder } from '../src/metrics/metrics-recorder';
import { createTestApp, TestApp } from './helpers/app';
import { createCandidate, createJob, createTenant, expectError, sendLink, TestTenant } from './helpers/factories';

describe('latency metrics', () => {
  let t: TestApp;
  let acme: TestTenant;
  let globex: TestTenant;

  beforeAll(async () => {
    t = await createTestApp({ METRICS_FLUSH_INTERVAL_MS: '60000' });
    acme = await createTenant(t.http, 'Acme');
    globex = await createTenant(t.http, 'Globex');
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  const insertSamples = async (tenantId: number, kind: string, durations: number[], ageMinutes = 1, success = true) => {
    const values = durations.map((d) => `(${tenantId}, '${kind}', 'server', 'test', ${d}, ${success}, now() - interval '${ageMinutes} minutes')`).join(',');
    await t.dataSource.query(`INSERT INTO metric_samples (tenant_id, kind, source, operation, duration_ms, success, created_at) VALUES ${values}`);
  };

  it('answers zeros without samples', async () => {
    const fresh = await createTenant(t.http, 'Fresh');
    const res = await t.http.get('/api/v1/metrics').set(fresh.admin.auth).expect(200);
    expect(res.body).toEqual({ upload_p95_ms: 0, analysis_p95_ms: 0, error_rate: 0, errors_by_type: {} });
  });

  it('computes p95 over a known sample set, per window and per tenant', async () => {
    const tenant = await createTenant(t.http, 'Known');
    // 1..100 ms: percentile_cont(0.95) = 95.05
    await insertSamples(tenant.tenantId, 'upload', Array.from({ length: 100 }, (_, i) => i + 1));
    await insertSamples(tenant.tenantId, 'analysis', [10, 20, 30, 40]);
    // Old and failed samples must not count in 1h.
    await insertSamples(tenant.tenantId, 'upload', Array.from({ length: 20 }, () => 5000), 120);
    await insertSamples(tenant.tenantId, 'upload', [9000], 1, false);
    // Another tenant's samples must not count.
    await insertSamples(globex.tenantId, 'upload', [100000]);

    const hour = await t.http.get('/api/v1/metrics?window=1h').set(tenant.recruiter.auth).expect(200);
    expect(hour.body.upload_p95_ms).toBe(95.1);
    expect(hour.body.analysis_p95_ms).toBe(38.5);
    const day = await t.http.get('/api/v1/metrics?window=24h').set(tenant.readonly.auth).expect(200);
    expect(day.body.upload_p95_ms).toBeGreaterThan(100);
    const dflt = await t.http.get('/api/v1/metrics').set(tenant.admin.auth).expect(200);
    expect(dflt.body).toEqual(day.body);
  });

  it('records upload requests and analysis runs through interceptors, and request outcomes', async () => {
    const tenant = await createTenant(t.http, 'Recorded');
    const job = await createJob(t.http, tenant.admin);
    const candidate = await createCandidate(t.http, tenant.admin, job.id);
    const { token, interview_id } = await sendLink(t.http, tenant.admin, candidate.id);
    const presign = await t.http.post('/api/v1/tokens/presign-upload').send({ token, file_name: 'a.webm', content_type: 'video/webm' }).expect(200);
    const url = new URL(presign.body.presigned_url);
    await t.http.put(`${url.pathname}${url.search}`).set('Content-Type', 'video/webm').send(Buffer.alloc(1000)).expect(200);
    await t.http.post('/api/v1/metrics/log-upload').send({ token, kind: 'video', duration_ms: 4321, success: true }).expect(200);
    await t.http.post(`/api/v1/interviews/${interview_id}/analysis:run`).set(tenant.admin.auth).expect(200);
    // Errors of different kinds, attributed to the tenant.
    await t.http.get('/api/v1/jobs/999999').set(tenant.admin.auth).expect(404);
    await t.http.post('/api/v1/jobs').set(tenant.admin.auth).send({}).expect(400);
    await t.http.post('/api/v1/jobs').set(tenant.readonly.auth).send({ title: 'x' }).expect(403);

    await t.app.get(MetricsRecorder).flush();
    const samples = await t.dataSource.query(`SELECT kind, source, operation, success FROM metric_samples WHERE tenant_id = $1 ORDER BY id`, [tenant.tenantId]);
    expect(samples).toEqual(
      expect.arrayContaining([
        { kind: 'upload', source: 'server', operation: 'presign', success: true },
        { kind: 'upload', source: 'server', operation: 'dev-upload', success: true },
        { kind: 'upload', source: 'client', operation: 'client-video', success: true },
        { kind: 'analysis', source: 'server', operation: 'run', success: true },
      ]),
    );
    const res = await t.http.get('/api/v1/metrics?window=1h').set(tenant.admin.auth).expect(200);
    expect(res.body.upload_p95_ms).toBeGreaterThan(0);
    expect(res.body.analysis_p95_ms).toBeGreaterThanOrEqual(0);
    expect(res.body.errors_by_type).toEqual({ NOT_FOUND: 1, VALIDATION_ERROR: 1, FORBIDDEN: 1 });
    expect(res.body.error_rate).toBe(0);

    // A 5xx counts towards error_rate.
    await t.dataSource.query('ALTER TABLE jobs RENAME TO jobs_gone');
    try {
      await t.http.get('/api/v1/jobs').set(tenant.admin.auth).expect(500);
    } finally {
      await t.dataSource.query('ALTER TABLE jobs_gone RENAME TO jobs');
    }
    const after = await t.http.get('/api/v1/metrics?window=1h').set(tenant.admin.auth).expect(200);
    expect(after.body.errors_by_type.INTERNAL).toBe(1);
    expect(after.body.error_rate).toBeGreaterThan(0);
    expect(after.body.error_rate).toBeLessThan(0.2);

    const other = await t.http.get('/api/v1/metrics?window=1h').set(globex.admin.auth).expect(200);
    expect(other.body.errors_by_type.INTERNAL).toBeUndefined();
  });

  it('validates the window and needs a token', async () => {
    expectError((await t.http.get('/api/v1/metrics?window=2d').set(acme.admin.auth).expect(400)).body, 'VALIDATION_ERROR');
    await t.http.get('/api/v1/metrics?since=1').set(acme.admin.auth).expect(400);
    await t.http.get('/api/v1/metrics').expect(401);
  });

  it('serves Prometheus text at /metrics', async () => {
    await t.http.get('/healthz').expect(200);
    const res = await t.http.get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const lines = res.text.split('\n').filter((l) => l && !l.startsWith('#'));
    for (const line of lines) expect(line).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? -?[0-9.e+-]+(\s+\d+)?$|^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? (NaN|\+Inf|-Inf)$/);
    expect(res.text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(res.text).toMatch(/http_request_duration_seconds_bucket\{le="[^"]+",method="GET",route="\/healthz",status="200"\}/);
    expect(res.text).toContain('# TYPE hirevision_upload_duration_seconds histogram');
    expect(res.text).toContain('# TYPE hirevision_analysis_duration_seconds histogram');
    expect(res.text).toContain('process_cpu_user_seconds_total');
  });
});

describe('Prometheus endpoint with METRICS_TOKEN', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ METRICS_TOKEN: 'scrape-token-0123456789' });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('requires the bearer token', async () => {
    expectError((await t.http.get('/metrics').expect(401)).body, 'UNAUTHORIZED');
    await t.http.get('/metrics').set('Authorization', 'Bearer wrong-token-000000000').expect(401);
    await t.http.get('/metrics').set('Authorization', 'Bearer scrape-token-0123456789').expect(200);
  });
});
