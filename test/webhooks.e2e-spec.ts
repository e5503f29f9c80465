import { AnalysisService } from '../src/analysis/analysis.service';
import { TenantScope } from '../src/database/tenant-scope';
import { AnalysesRepository } from '../src/analysis/analyses.repository';
import { InterviewsRepository } from '../src/interviews/interviews.repository';
import { OutboxDispatcher } from '../src/mail/outbox.dispatcher';
import { WebhookDispatcher } from '../src/webhooks/webhook.dispatcher';
import { signPayload, verifySignature } from '../src/webhooks/signature';
import { createTestApp, TestApp } from './helpers/app';
import { createCandidate, createJob, createTenant, expectError, TestTenant } from './helpers/factories';
import { json, startStubServer, StubServer } from './helpers/stub-server';

describe('analysis-ready webhooks', () => {
  let receiver: StubServer;
  let t: TestApp;
  let acme: TestTenant;
  let globex: TestTenant;
  let acmeSecret: string;
  let globexSecret: string;

  beforeAll(async () => {
    receiver = await startStubServer();
    t = await createTestApp({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', WEBHOOK_MAX_ATTEMPTS: '4' });
    acme = await createTenant(t.http, 'Acme');
    globex = await createTenant(t.http, 'Globex');
    acmeSecret = (await t.http.post('/api/v1/settings/webhook-secret:rotate').set(acme.admin.auth).expect(200)).body.secret;
    globexSecret = (await t.http.post('/api/v1/settings/webhook-secret:rotate').set(globex.admin.auth).expect(200)).body.secret;
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  /** An interview of `tenant` with one analysis (run by its recruiter). */
  async function analysed(tenant: TestTenant) {
    const job = await createJob(t.http, tenant.admin);
    const candidate = await createCandidate(t.http, tenant.admin, job.id);
    const interview = await t.http.post('/api/v1/interviews').set(tenant.recruiter.auth).send({ candidate_id: candidate.id }).expect(201);
    const analysis = await t.http.post(`/api/v1/interviews/${interview.body.id}/analysis:run`).set(tenant.recruiter.auth).expect(200);
    return { interviewId: interview.body.id as number, analysisId: analysis.body.id as number, candidateId: candidate.id };
  }

  const post = (body: unknown, secret: string, t0 = Math.floor(Date.now() / 1000), raw = JSON.stringify(body)) =>
    t.http.post('/api/v1/webhooks/analysis-ready').set('Content-Type', 'application/json').set('X-Hirevision-Signature', signPayload(secret, raw, t0)).send(raw);
  const readyAt = async (analysisId: number) => (await t.dataSource.query('SELECT ready_at FROM interview_analyses WHERE id = $1', [analysisId]))[0].ready_at;

  it('a valid call marks the analysis ready, e-mails the recruiter and POSTs a signed webhook', async () => {
    await t.http.patch('/api/v1/settings').set(acme.admin.auth).send({ webhook_url: `${receiver.url}/hooks/hirevision` }).expect(200);
    receiver.requests.length = 0;
    receiver.handle((_req, res) => json(res, 204, {}));
    const { interviewId, analysisId, candidateId } = await analysed(acme);
    const body = { tenant_id: acme.tenantId, interview_id: interviewId, analysis_id: analysisId };
    const signedAt = Math.floor(Date.now() / 1000);
    await post(body, acmeSecret, signedAt).expect(200, { ok: true });
    expect(await readyAt(analysisId)).not.toBeNull();

    const mails = await t.dataSource.query(`SELECT to_address, subject FROM outbox_messages WHERE kind = 'analysis_ready' AND subject_ref = $1`, [`candidate:${candidateId}`]);
    expect(mails).toEqual([{ to_address: acme.recruiter.email, subject: expect.stringContaining(`Interview #${interviewId}`) }]);
    await t.app.get(OutboxDispatcher).dispatchDue();

    expect(await t.app.get(WebhookDispatcher).dispatchDue()).toBe(1);
    expect(receiver.requests).toHaveLength(1);
    const delivered = receiver.requests[0];
    expect(delivered.method).toBe('POST');
    expect(delivered.url).toBe('/hooks/hirevision');
    const payload = JSON.parse(delivered.body);
    expect(payload).toMatchObject({ event: 'analysis.ready', tenant_id: acme.tenantId, interview_id: interviewId, analysis_id: analysisId });
    const signature = delivered.headers['x-hirevision-signature'] as string;
    expect(verifySignature(signature, delivered.body, [acmeSecret], Math.floor(Date.now() / 1000))).toMatchObject({ ok: true });
    expect(verifySignature(signature, delivered.body, [globexSecret], Math.floor(Date.now() / 1000))).toMatchObject({ ok: false });

    // Marked ready once: a second valid call notifies no one again.
    await post(body, acmeSecret, signedAt - 5).expect(200);
    expect(await t.app.get(WebhookDispatcher).dispatchDue()).toBe(0);
  });

  it('retries outbound delivery after a failure', async () => {
    await t.http.patch('/api/v1/settings').set(acme.admin.auth).send({ webhook_url: `${receiver.url}/flaky` }).expect(200);
    receiver.requests.length = 0;
    receiver.handle((_req, res) => json(res, 500, { error: 'down' }));
    const { interviewId, analysisId } = await analysed(acme);
    await post({ tenant_id: acme.tenantId, interview_id: interviewId, analysis_id: analysisId }, acmeSecret).expect(200);
    const dispatcher = t.app.get(WebhookDispatcher);
    expect(await dispatcher.dispatchDue()).toBe(0);
    const [row] = await t.dataSource.query(`SELECT id, status, attempts, last_error FROM webhook_deliveries WHERE url LIKE '%/flaky'`);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_error: 'The receiver answered 500' });
    receiver.handle((_req, res) => json(res, 200, { ok: true }));
    await t.dataSource.query('UPDATE webhook_deliveries SET next_attempt_at = now() WHERE id = $1', [row.id]);
    expect(await dispatcher.dispatchDue()).toBe(1);
    const [after] = await t.dataSource.query('SELECT status, attempts, response_status FROM webhook_deliveries WHERE id = $1', [row.id]);
    expect(after).toEqual({ status: 'sent', attempts: 2, response_status: 200 });
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.requests[0].body).toBe(receiver.requests[1].body);
  });

  it('refuses missing, bad, old, future, replayed and cross-tenant signatures with 401, changing nothing', async () => {
    const { interviewId, analysisId } = await analysed(acme);
    const body = { tenant_id: acme.tenantId, interview_id: interviewId, analysis_id: analysisId };
    const now = Math.floor(Date.now() / 1000);
    const cases = [
      t.http.post('/api/v1/webhooks/analysis-ready').send(body),
      t.http.post('/api/v1/webhooks/analysis-ready').set('X-Hirevision-Signature', 'garbage').send(body),
      t.http.post('/api/v1/webhooks/analysis-ready').set('X-Hirevision-Signature', `t=${now},v1=${'0'.repeat(64)}`).send(body),
      post(body, acmeSecret, now - 301),
      post(body, acmeSecret, now + 310),
      post(body, globexSecret),
      post({ ...body, tenant_id: globex.tenantId }, acmeSecret),
      // Signed for one body, sent with another.
      t.http
        .post('/api/v1/webhooks/analysis-ready')
        .set('Content-Type', 'application/json')
        .set('X-Hirevision-Signature', signPayload(acmeSecret, JSON.stringify(body), now))
        .send(JSON.stringify({ ...body, analysis_id: analysisId + 1 })),
    ];
    for (const pending of cases) expectError((await pending.expect(401)).body, 'UNAUTHORIZED');
    expect(await readyAt(analysisId)).toBeNull();

    const raw = JSON.stringify(body);
    const header = signPayload(acmeSecret, raw, now);
    await t.http.post('/api/v1/webhooks/analysis-ready').set('Content-Type', 'application/json').set('X-Hirevision-Signature', header).send(raw).expect(200);
    expectError((await t.http.post('/api/v1/webhooks/analysis-ready').set('Content-Type', 'application/json').set('X-Hirevision-Signature', header).send(raw).expect(401)).body, 'UNAUTHORIZED');
  });

  it('keeps the previous secret valid after rotation', async () => {
    const tenant = await createTenant(t.http, 'Rotating');
    const first = (await t.http.post('/api/v1/settings/webhook-secret:rotate').set(tenant.admin.auth).expect(200)).body.secret;
    const second = (await t.http.post('/api/v1/settings/webhook-secret:rotate').set(tenant.admin.auth).expect(200)).body.secret;
    expect(second).not.toBe(first);
    expect(second).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const a = await analysed(tenant);
    await post({ tenant_id: tenant.tenantId, interview_id: a.interviewId }, first).expect(200);
    const b = await analysed(tenant);
    await post({ tenant_id: tenant.tenantId, interview_id: b.interviewId }, second).expect(200);
    await t.dataSource.query(`UPDATE webhook_secrets SET expires_at = now() - interval '1 second' WHERE secret = $1`, [first]);
    const c = await analysed(tenant);
    await post({ tenant_id: tenant.tenantId, interview_id: c.interviewId }, first).expect(401);
    const settings = await t.http.get('/api/v1/settings').set(tenant.admin.auth).expect(200);
    expect(settings.body.webhook_secret_set).toBe(true);
    expect(JSON.stringify(settings.body)).not.toContain(second);
  });

  it('validates a signed body and answers 404 for unknown interviews', async () => {
    await post({ tenant_id: acme.tenantId }, acmeSecret).expect(400);
    await post({ tenant_id: acme.tenantId, interview_id: 'x' }, acmeSecret).expect(400);
    await post({ tenant_id: acme.tenantId, interview_id: 1, extra: true }, acmeSecret).expect(400);
    await post({ tenant_id: acme.tenantId, interview_id: 2147483000 }, acmeSecret).expect(404);
    const theirs = await analysed(globex);
    await post({ tenant_id: acme.tenantId, interview_id: theirs.interviewId }, acmeSecret).expect(404);
  });

  it('only admins rotate secrets', async () => {
    await t.http.post('/api/v1/settings/webhook-secret:rotate').set(acme.recruiter.auth).expect(403);
    await t.http.post('/api/v1/settings/webhook-secret:rotate').expect(401);
  });

  describe('SSRF protection', () => {
    it('refuses webhook URLs with bad schemes, credentials, or private, loopback, link-local and metadata targets', async () => {
      const strict = await createTestApp();
      try {
        const tenant = await createTenant(strict.http, 'Strict');
        for (const webhook_url of [
          'ftp://example.com/hook',
          'file:///etc/passwd',
          'javascript:alert(1)',
          'http://user:pass@example.com/hook',
          'http://127.0.0.1:8080/hook',
          'http://localhost/hook',
          'http://10.0.0.5/hook',
          'http://192.168.1.1/hook',
          'http://172.16.0.1/hook',
          'http://169.254.169.254/latest/meta-data/',
          'http://[::1]/hook',
          'http://[fd00:ec2::254]/hook',
          'http://0.0.0.0/hook',
          'not a url',
        ]) {
          const res = await strict.http.patch('/api/v1/settings').set(tenant.admin.auth).send({ webhook_url });
          expect([webhook_url, res.status]).toEqual([webhook_url, 400]);
        }
        // Refused at delivery time too (a URL stored before the rules, or DNS changed since).
        await strict.dataSource.query(`UPDATE tenants SET webhook_url = 'http://169.254.169.254/latest' WHERE id = $1`, [tenant.tenantId]);
        await strict.http.post('/api/v1/settings/webhook-secret:rotate').set(tenant.admin.auth).expect(200);
        const job = await createJob(strict.http, tenant.admin);
        const candidate = await createCandidate(strict.http, tenant.admin, job.id);
        const interview = await strict.http.post('/api/v1/interviews').set(tenant.admin.auth).send({ candidate_id: candidate.id }).expect(201);
        const analysis = await strict.http.post(`/api/v1/interviews/${interview.body.id}/analysis:run`).set(tenant.admin.auth).expect(200);
        await TenantScope.run(tenant.tenantId, async () => {
          const row = await strict.app.get(InterviewsRepository).find(interview.body.id);
          const a = await strict.app.get(AnalysesRepository).findForInterview(interview.body.id, analysis.body.id);
          if (!row || !a) throw new Error('setup failed');
          await strict.app.get(AnalysisService).announce(row, a);
        });
        expect(await strict.app.get(WebhookDispatcher).dispatchDue()).toBe(0);
        const [delivery] = await strict.dataSource.query('SELECT status, last_error FROM webhook_deliveries WHERE tenant_id = $1', [tenant.tenantId]);
        expect(delivery.last_error).toMatch(/blocked|not allowed|private|refused/i);
      } finally {
        await strict.close();
      }
    }, 60_000);
  });
});

describe('settings', () => {
  let t: TestApp;
  let acme: TestTenant;

  beforeAll(async () => {
    t = await createTestApp();
    acme = await createTenant(t.http, 'Acme');
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('has sensible defaults and can be changed by an admin', async () => {
    const res = await t.http.get('/api/v1/settings').set(acme.recruiter.auth).expect(200);
    expect(res.body).toEqual({
      company_name: 'Acme',
      default_token_ttl_hours: 168,
      consent_required: true,
      consent_text_version: 'v1',
      candidate_retention_days: null,
      webhook_url: null,
      webhook_secret_set: false,
    });
    const patched = await t.http
      .patch('/api/v1/settings')
      .set(acme.admin.auth)
      .send({ company_name: 'Acme Hiring', default_token_ttl_hours: 24, consent_required: false, consent_text_version: 'v2', candidate_retention_days: 365 })
      .expect(200);
    expect(patched.body).toMatchObject({ company_name: 'Acme Hiring', default_token_ttl_hours: 24, consent_required: false, consent_text_version: 'v2', candidate_retention_days: 365 });
    const cleared = await t.http.patch('/api/v1/settings').set(acme.admin.auth).send({ candidate_retention_days: null }).expect(200);
    expect(cleared.body.candidate_retention_days).toBeNull();
  });

  it('applies the default link lifetime to new invites', async () => {
    await t.http.patch('/api/v1/settings').set(acme.admin.auth).send({ default_token_ttl_hours: 5 }).expect(200);
    const job = await createJob(t.http, acme.admin);
    const candidate = await createCandidate(t.http, acme.admin, job.id);
    const res = await t.http.post(`/api/v1/candidates/${candidate.id}/send-link`).set(acme.admin.auth).send({}).expect(200);
    expect(Math.abs(new Date(res.body.expires_at).getTime() - Date.now() - 5 * 3600_000)).toBeLessThan(60_000);
  });

  it('validates input, refuses mass assignment, and only admins write', async () => {
    for (const body of [{}, { default_token_ttl_hours: 0 }, { default_token_ttl_hours: 721 }, { consent_required: 'yes' }, { company_name: '' }, { candidate_retention_days: 0 }, { tenant_id: 2 }, { id: 1 }, { consent_text_version: 'v 2!' }]) {
      expectError((await t.http.patch('/api/v1/settings').set(acme.admin.auth).send(body).expect(400)).body, 'VALIDATION_ERROR');
    }
    await t.http.patch('/api/v1/settings').set(acme.recruiter.auth).send({ company_name: 'x' }).expect(403);
    await t.http.get('/api/v1/settings').set(acme.readonly.auth).expect(403);
    await t.http.get('/api/v1/settings').expect(401);
    await t.http.patch('/api/v1/settings').send({ company_name: 'x' }).expect(401);
  });
});
