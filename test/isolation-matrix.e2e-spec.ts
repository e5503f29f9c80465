import type { Response } from 'supertest';
import { MetricsRecorder } from '../src/metrics/metrics-recorder';
import { createTestApp, TestApp } from './helpers/app';
import { createCandidate, createJob, createTenant, sendLink, TestTenant } from './helpers/factories';
import { listRoutes } from './helpers/routes';

interface AData {
  userId: number;
  jobId: number;
  candidateId: number;
  interviewId: number;
  uploadKey: string;
}

type Check = { expect: 404 } | { expect: 'own-list' };
type Call = (t: TestApp, b: TestTenant, a: AData) => Promise<Response>;

const MARKER = 'ACMESECRET';

/**
 * Every route, called by tenant B's admin with tenant A's ids. Routes addressing a resource must answer
 * 404 (never 200, never 500); list routes answer B's own data only (A's marker never appears). A new
 * route fails this spec until it is listed here, with its check or the reason it needs none.
 */
const CHECKS: Record<string, Check & { call: Call }> = {
  'GET /api/v1/users': { expect: 'own-list', call: (t, b) => t.http.get('/api/v1/users').set(b.admin.auth) },
  'PATCH /api/v1/users/:id': { expect: 404, call: (t, b, a) => t.http.patch(`/api/v1/users/${a.userId}`).set(b.admin.auth).send({ name: 'x' }) },
  'DELETE /api/v1/users/:id': { expect: 404, call: (t, b, a) => t.http.delete(`/api/v1/users/${a.userId}`).set(b.admin.auth) },
  'GET /api/v1/jobs': { expect: 'own-list', call: (t, b) => t.http.get(`/api/v1/jobs?q=${MARKER}`).set(b.admin.auth) },
  'GET /api/v1/jobs/:id': { expect: 404, call: (t, b, a) => t.http.get(`/api/v1/jobs/${a.jobId}`).set(b.admin.auth) },
  'PATCH /api/v1/jobs/:id': { expect: 404, call: (t, b, a) => t.http.patch(`/api/v1/jobs/${a.jobId}`).set(b.admin.auth).send({ title: 'x' }) },
  'DELETE /api/v1/jobs/:id': { expect: 404, call: (t, b, a) => t.http.delete(`/api/v1/jobs/${a.jobId}`).set(b.admin.auth) },
  'GET /api/v1/jobs/:id/candidates': { expect: 404, call: (t, b, a) => t.http.get(`/api/v1/jobs/${a.jobId}/candidates`).set(b.admin.auth) },
  'POST /api/v1/jobs/:id/candidates': { expect: 404, call: (t, b, a) => t.http.post(`/api/v1/jobs/${a.jobId}/candidates`).set(b.admin.auth).send({ name: 'x', email: 'x@example.com' }) },
  'GET /api/v1/jobs/:id/candidates/export': { expect: 404, call: (t, b, a) => t.http.get(`/api/v1/jobs/${a.jobId}/candidates/export`).set(b.admin.auth) },
  'POST /api/v1/jobs/:id/candidates/bulk-upload': {
    expect: 404,
    call: (t, b, a) => t.http.post(`/api/v1/jobs/${a.jobId}/candidates/bulk-upload`).set(b.admin.auth).attach('files', Buffer.from('X\nx@example.com'), 'x.txt'),
  },
  'GET /api/v1/jobs/:id/questions': { expect: 404, call: (t, b, a) => t.http.get(`/api/v1/jobs/${a.jobId}/questions`).set(b.admin.auth) },
  'GET /api/v1/candidates': { expect: 'own-list', call: (t, b, a) => t.http.get(`/api/v1/candidates?job_id=${a.jobId}`).set(b.admin.auth) },
  'GET /api/v1/candidates/:id': { expect: 404, call: (t, b, a) => t.http.get(`/api/v1/candidates/${a.candidateId}`).set(b.admin.auth) },
  'PATCH /api/v1/candidates/:id': { expect: 404, call: (t, b, a) => t.http.patch(`/api/v1/candidates/${a.candidateId}`).set(b.admin.auth).send({ name: 'x' }) },
  'DELETE /api/v1/candidates/:id': { expect: 404, call: (t, b, a) => t.http.delete(`/api/v1/candidates/${a.candidateId}`).set(b.admin.auth) },
  'POST /api/v1/candidates/:id/send-link': { expect: 404, call: (t, b, a) => t.http.post(`/api/v1/candidates/${a.candidateId}/send-link`).set(b.admin.auth).send({}) },
  'GET /api/v1/interviews': { expect: 'own-list', call: (t, b, a) => t.http.get(`/api/v1/interviews?candidate_id=${a.candidateId}`).set(b.admin.auth) },
  'POST /api/v1/interviews': { expect: 404, call: (t, b, a) => t.http.post('/api/v1/interviews').set(b.admin.auth).send({ candidate_id: a.candidateId }) },
  'GET /api/v1/interviews/:id': { expect: 404, call: (t, b, a) => t.http.get(`/api/v1/interviews/${a.interviewId}`).set(b.admin.auth) },
  'PATCH /api/v1/interviews/:id': { expect: 404, call: (t, b, a) => t.http.patch(`/api/v1/interviews/${a.interviewId}`).set(b.admin.auth).send({ status: 'cancelled' }) },
  'GET /api/v1/interviews/:id/transcript': { expect: 404, call: (t, b, a) => t.http.get(`/api/v1/interviews/${a.interviewId}/transcript`).set(b.admin.auth) },
  'POST /api/v1/interviews/:id/transcript': {
    expect: 404,
    call: (t, b, a) => t.http.post(`/api/v1/interviews/${a.interviewId}/transcript`).set(b.admin.auth).send({ text: 'x', provider: 'manual' }),
  },
  'GET /api/v1/interviews/:id/uploads': { expect: 404, call: (t, b, a) => t.http.get(`/api/v1/interviews/${a.interviewId}/uploads`).set(b.admin.auth) },
  'GET /api/v1/interviews/:id/analysis': { expect: 404, call: (t, b, a) => t.http.get(`/api/v1/interviews/${a.interviewId}/analysis`).set(b.admin.auth) },
  'POST /api/v1/interviews/:id/analysis:run': { expect: 404, call: (t, b, a) => t.http.post(`/api/v1/interviews/${a.interviewId}/analysis:run`).set(b.admin.auth) },
  'POST /api/v1/conversation': {
    expect: 404,
    call: (t, b, a) => t.http.post('/api/v1/conversation').set(b.admin.auth).send({ interview_id: a.interviewId, role: 'user', content: 'x', sequence_number: 99 }),
  },
  'GET /api/v1/conversation/:interview_id': { expect: 404, call: (t, b, a) => t.http.get(`/api/v1/conversation/${a.interviewId}`).set(b.admin.auth) },
  'POST /api/v1/metrics/log-upload': {
    expect: 404,
    call: (t, b, a) => t.http.post('/api/v1/metrics/log-upload').set(b.admin.auth).send({ interview_id: a.interviewId, kind: 'video', duration_ms: 1, success: true }),
  },
  'GET /api/v1/dev/outbox': { expect: 'own-list', call: (t, b) => t.http.get('/api/v1/dev/outbox?per_page=100').set(b.admin.auth) },
  'GET /api/v1/audit/access-logs': { expect: 'own-list', call: (t, b) => t.http.get('/api/v1/audit/access-logs?per_page=100').set(b.admin.auth) },
  'GET /dev-upload/*key': { expect: 404, call: (t, b, a) => t.http.get(`/dev-upload/${a.uploadKey}`).set(b.admin.auth) },
};

/** Routes that take no other organization's id: the caller's own records, or a credential that is not a session. */
const EXEMPT: Record<string, string> = {
  'GET /healthz': 'public, no tenant data',
  'GET /healthz/live': 'public, no tenant data',
  'GET /healthz/ready': 'public, no tenant data',
  'GET /metrics': 'ops metrics, no tenant data',
  'POST /api/v1/auth/register': 'creates a new organization',
  'POST /api/v1/auth/login': 'credentials, no ids',
  'POST /api/v1/auth/refresh': 'the refresh token is the credential',
  'POST /api/v1/auth/logout': 'the refresh token is the credential',
  'POST /api/v1/auth/set-password': 'the e-mailed token is the credential',
  'GET /api/v1/auth/me': "the caller's own user",
  'PATCH /api/v1/auth/me': "the caller's own user",
  'POST /api/v1/auth/change-password': "the caller's own user",
  'POST /api/v1/users': "creates in the caller's organization",
  'POST /api/v1/jobs': "creates in the caller's organization",
  'GET /api/v1/metrics': "aggregates of the caller's organization (tested in metrics spec)",
  'GET /api/v1/settings': "the caller's organization",
  'PATCH /api/v1/settings': "the caller's organization",
  'POST /api/v1/settings/webhook-secret:rotate': "the caller's organization",
  'POST /api/v1/admin/retention:run': "purges the caller's organization only (tested in retention spec)",
  'POST /api/v1/tokens/verify': 'the invite token is the credential',
  'POST /api/v1/tokens/presign-upload': 'the invite token is the credential',
  'GET /api/v1/public/interviews/:token': 'the invite token is the credential',
  'POST /api/v1/public/interviews/:token/consent': 'the invite token is the credential',
  'POST /api/v1/public/interviews/:token/start': 'the invite token is the credential',
  'POST /api/v1/public/interviews/:token/messages': 'the invite token is the credential',
  'POST /api/v1/public/interviews/:token/request-human': 'the invite token is the credential',
  'PUT /dev-upload/*key': 'the signed URL is the credential',
  'POST /api/v1/webhooks/analysis-ready': "the tenant's signature is the credential (cross-tenant signatures tested in webhooks spec)",
};

describe('tenant isolation matrix', () => {
  let t: TestApp;
  let acme: TestTenant;
  let globex: TestTenant;
  let a: AData;

  beforeAll(async () => {
    t = await createTestApp();
    acme = await createTenant(t.http, 'Acme');
    globex = await createTenant(t.http, 'Globex');
    const job = await createJob(t.http, acme.admin, { title: `${MARKER} role` });
    const candidate = await createCandidate(t.http, acme.admin, job.id, { name: `${MARKER} Person`, email: `${MARKER.toLowerCase()}@acme.example` });
    const { token, interview_id } = await sendLink(t.http, acme.admin, candidate.id);
    await t.http.post('/api/v1/conversation').set(acme.admin.auth).send({ interview_id, role: 'assistant', content: MARKER, sequence_number: 1 }).expect(201);
    await t.http.post(`/api/v1/interviews/${interview_id}/transcript`).set(acme.admin.auth).send({ text: MARKER, provider: 'manual' }).expect(200);
    await t.http.post(`/api/v1/interviews/${interview_id}/analysis:run`).set(acme.admin.auth).expect(200);
    const presign = await t.http.post('/api/v1/tokens/presign-upload').send({ token, file_name: 'a.webm', content_type: 'video/webm' }).expect(200);
    const url = new URL(presign.body.presigned_url);
    await t.http.put(`${url.pathname}${url.search}`).set('Content-Type', 'video/webm').send(Buffer.from(MARKER)).expect(200);
    a = { userId: acme.recruiter.userId, jobId: job.id, candidateId: candidate.id, interviewId: interview_id, uploadKey: presign.body.key };
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('covers every route', () => {
    const uncovered = listRoutes(t.app)
      .map((r) => `${r.method} ${r.path}`)
      .filter((key) => !(key in CHECKS) && !(key in EXEMPT));
    expect(uncovered).toEqual([]);
  });

  it("answers 404 to another organization's admin for every resource of A, and lists only B's own data", async () => {
    const outcomes: string[] = [];
    for (const [route, check] of Object.entries(CHECKS)) {
      const res = await check.call(t, globex, a);
      const leaked = JSON.stringify(res.body ?? '').includes(MARKER) || (res.text ?? '').includes(MARKER);
      const ok = check.expect === 404 ? res.status === 404 && res.body?.error?.code === 'NOT_FOUND' : res.status === 200 && !leaked;
      if (!ok) outcomes.push(`${route}: ${res.status}${leaked ? ' (leaked A data)' : ''}`);
    }
    expect(outcomes).toEqual([]);

    // A's data is intact and still reachable by A.
    await t.http.get(`/api/v1/jobs/${a.jobId}`).set(acme.admin.auth).expect(200);
    await t.http.get(`/api/v1/candidates/${a.candidateId}`).set(acme.admin.auth).expect(200);
    await t.http.get(`/api/v1/users`).set(acme.admin.auth).expect(200);
    const interview = await t.http.get(`/api/v1/interviews/${a.interviewId}`).set(acme.admin.auth).expect(200);
    expect(interview.body.status).toBe('scheduled');
    await t.app.get(MetricsRecorder).flush();
    const stats = await t.http.get('/api/v1/metrics?window=1h').set(globex.admin.auth).expect(200);
    expect(stats.body.error_rate).toBe(0);
  });
});
