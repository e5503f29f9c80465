import { appendFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Middleware } from 'openapi-fetch';
import { AccessLogWriter } from '../src/audit/access-log.writer';
import { MetricsRecorder } from '../src/metrics/metrics-recorder';
import { bulkUploadBody, createHirevisionClient, HirevisionClient, inviteToken, totalCount, type AuthTokens } from '../client';
import { createTestApp, TestApp } from './helpers/app';
import { contractProblem } from './helpers/contract';
import { ANSWERS } from './helpers/interview';

/**
 * The recruiter's and the candidate's whole journey through the generated client (client/), over a real
 * socket: what the admin SPA and the candidate app compile against is what the API answers.
 */

/** The data of a successful call, after checking its status. */
function expectOk<T>(result: { data?: T; error?: unknown; response: Response }, status = 200): T {
  if (result.response.status !== status || result.data === undefined) {
    throw new Error(`${result.response.url} answered ${result.response.status} (expected ${status}): ${JSON.stringify(result.error)}`);
  }
  return result.data;
}

/** Every response is held to the committed openapi.json, like the supertest agent of the other suites. */
const contract: Middleware = {
  async onResponse({ request, response }) {
    const text = await response.clone().text();
    const json = (response.headers.get('content-type') ?? '').includes('json') && text !== '';
    const headers = Object.fromEntries(response.headers.entries());
    const problem = contractProblem(request.method, request.url, { status: response.status, headers, body: json ? JSON.parse(text) : {}, text });
    if (!problem) return undefined;
    if (process.env.CONTRACT_REPORT) appendFileSync(process.env.CONTRACT_REPORT, `${problem}\n`);
    else throw new Error(`OpenAPI contract: ${problem}`);
    return undefined;
  },
};

describe('typed client (client/, generated from openapi.json)', () => {
  let t: TestApp;
  let baseUrl: string;
  let tokens: AuthTokens;
  /** The admin SPA: its bearer token (none before login) is read before each request, so a refresh is picked up. */
  let api: HirevisionClient;
  /** The candidate app: no bearer token, only the invite token from the link. */
  let candidateApp: HirevisionClient;

  const email = 'ada.typed@example.com';
  const password = 'correct horse battery';
  let jobId: number;
  let candidateId: number;
  let candidateEmail: string;
  let token: string;
  let interviewId: number;
  let questionCount: number;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    api = createHirevisionClient(baseUrl, { accessToken: () => tokens?.access_token });
    candidateApp = createHirevisionClient(baseUrl);
    api.use(contract);
    candidateApp.use(contract);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('registers, logs in, refreshes and reads the signed-in user', async () => {
    const registered = expectOk(
      await api.POST('/api/v1/auth/register', { body: { organization_name: 'Typed Co', name: 'Ada Admin', email, password } }),
      201,
    );
    expect(registered).toMatchObject({ token_type: 'Bearer', expires_in: 900, user: { email, name: 'Ada Admin', role: 'admin' } });

    const login = expectOk(await api.POST('/api/v1/auth/login', { body: { email, password } }));
    expect(login.user.id).toBe(registered.user.id);

    const refreshed = expectOk(await api.POST('/api/v1/auth/refresh', { body: { refresh_token: login.refresh_token } }));
    expect(refreshed.refresh_token).not.toBe(login.refresh_token);
    expect(refreshed.user.tenant_id).toBe(registered.user.tenant_id);
    tokens = refreshed;

    const me = expectOk(await api.GET('/api/v1/auth/me'));
    expect(me).toEqual({ ...registered.user, created_at: expect.any(String) });
  });

  it('publishes a job with its questions and loads candidates, one by one and from a CSV', async () => {
    const job = expectOk(
      await api.POST('/api/v1/jobs', {
        body: { title: 'Backend Engineer', description: 'Build APIs with Node.js and PostgreSQL.', skills: ['TypeScript', 'PostgreSQL'], location: 'Remote' },
      }),
      201,
    );
    expect(job).toMatchObject({ title: 'Backend Engineer', location: 'Remote', is_active: true, skills: ['TypeScript', 'PostgreSQL'] });
    jobId = job.id;

    const questions = expectOk(await api.GET('/api/v1/jobs/{id}/questions', { params: { path: { id: jobId } } }));
    expect(questions.job_id).toBe(jobId);
    expect(questions.source).toBe('deterministic');
    expect(questions.questions.length).toBeGreaterThanOrEqual(6);
    expect(questions.questions.every((q) => ['role', 'technical', 'behavioural'].includes(q.category))).toBe(true);

    const candidate = expectOk(
      await api.POST('/api/v1/jobs/{id}/candidates', {
        params: { path: { id: jobId } },
        body: { name: 'Grace Brewster Hopper', email: 'grace.typed@example.com', skills: ['TypeScript'], years_experience: 7 },
      }),
      201,
    );
    expect(candidate).toMatchObject({ job_id: jobId, status: 'new', phone: null, years_experience: 7 });
    candidateId = candidate.id;
    candidateEmail = candidate.email;

    const csv = new File([`name,email,phone\nAlan Turing,alan.typed@example.com,+44 20 7946 0000\nGrace Again,${candidateEmail},\n`], 'people.csv', { type: 'text/csv' });
    const report = expectOk(await api.POST('/api/v1/jobs/{id}/candidates/bulk-upload', { params: { path: { id: jobId } }, ...bulkUploadBody([csv]) }));
    expect(report).toMatchObject({ total: 2, created: 1, duplicates: 1, failed: 0 });
    const byName = Object.fromEntries(report.items.map((item) => [item.file_name, item]));
    expect(byName['people.csv#row2']).toMatchObject({ status: 'created', candidate_id: expect.any(Number) });
    expect(byName['people.csv#row3']).toMatchObject({ status: 'duplicate', candidate_id: candidateId });

    const page = await api.GET('/api/v1/jobs/{id}/candidates', { params: { path: { id: jobId }, query: { per_page: 1 } } });
    expect(expectOk(page)).toHaveLength(1);
    expect(totalCount(page.response)).toBe(2);
    expect(page.response.headers.get('Link')).toContain('rel="next"');
    const found = await api.GET('/api/v1/candidates', { params: { query: { q: 'alan', job_id: jobId } } });
    expect(expectOk(found).map((c) => c.name)).toEqual(['Alan Turing']);
    expect(totalCount(found.response)).toBe(1);
  });

  it('sends the interview link', async () => {
    const sent = expectOk(await api.POST('/api/v1/candidates/{id}/send-link', { params: { path: { id: candidateId } }, body: { ttl_hours: 48 } }));
    expect(sent).toMatchObject({ candidate_id: candidateId, email_status: 'queued' });
    expect(Date.parse(sent.expires_at) - Date.now()).toBeGreaterThan(47 * 3600_000);
    expect(sent.link).toMatch(/\/interview#token=[A-Za-z0-9_-]+$/);
    token = inviteToken(sent.link) ?? '';
    expect(token).toHaveLength(43);
    interviewId = sent.interview_id;
  });

  it('the candidate consents, answers every question and uploads media', async () => {
    const path = { token };
    const info = expectOk(await candidateApp.GET('/api/v1/public/interviews/{token}', { params: { path } }));
    expect(info).toMatchObject({
      candidate_first_name: 'Grace',
      position_title: 'Backend Engineer',
      company_name: 'Typed Co',
      status: 'scheduled',
      answered_count: 0,
      consent: { required: true, given: false, given_at: null },
    });
    questionCount = info.question_count;

    const consented = expectOk(await candidateApp.POST('/api/v1/public/interviews/{token}/consent', { params: { path }, body: { accepted: true } }));
    expect(consented.consent).toMatchObject({ given: true, given_at: expect.any(String) });

    const start = expectOk(await candidateApp.POST('/api/v1/public/interviews/{token}/start', { params: { path } }));
    expect(start.is_complete).toBe(false);
    expect(start.assistant_message).toMatchObject({ role: 'assistant', sequence_number: 1, interview_id: interviewId });
    expect(start.assistant_message.content).toContain('Grace');

    for (let i = 0; ; i++) {
      if (i % 2 === 0) {
        const presign = expectOk(
          await candidateApp.POST('/api/v1/tokens/presign-upload', { body: { token, file_name: `answer-${i}.webm`, content_type: 'video/webm' } }),
        );
        expect(presign.key).toMatch(/\.webm$/);
        // Without S3 the URL names this API's dev upload route under PUBLIC_URL; here it is on another port.
        const url = new URL(presign.presigned_url);
        const put = await fetch(`${baseUrl}${url.pathname}${url.search}`, { method: 'PUT', headers: { 'Content-Type': 'video/webm' }, body: new Uint8Array(2048 + i) });
        expect(put.status).toBe(200);
        const logged = expectOk(
          await candidateApp.POST('/api/v1/metrics/log-upload', { body: { token, kind: 'video', duration_ms: 120 + i, size_bytes: 2048 + i, success: true } }),
        );
        expect(logged.ok).toBe(true);
      }
      const answer = expectOk(
        await candidateApp.POST('/api/v1/public/interviews/{token}/messages', {
          params: { path, header: { 'idempotency-key': `answer-${i + 1}` } },
          body: { content: ANSWERS[i % ANSWERS.length] },
        }),
      );
      expect(answer.user_message).toMatchObject({ role: 'user', sequence_number: 2 + i * 2, content: ANSWERS[i % ANSWERS.length] });
      expect(answer.assistant_message).toMatchObject({ role: 'assistant', sequence_number: 3 + i * 2 });
      if (answer.is_complete) {
        expect(i + 1).toBe(questionCount);
        break;
      }
    }

    const done = expectOk(await candidateApp.GET('/api/v1/public/interviews/{token}', { params: { path } }));
    expect(done).toMatchObject({ status: 'completed', answered_count: questionCount });
  });

  it('the recruiter reads the interview, its conversation, uploads, transcript and analysis', async () => {
    const id = { path: { id: interviewId } };
    const interview = expectOk(await api.GET('/api/v1/interviews/{id}', { params: id }));
    expect(interview).toMatchObject({ candidate_id: candidateId, job_id: jobId, status: 'completed', consent: { text_version: 'v1' } });
    expect(interview.completed_at).toEqual(expect.any(String));
    const listed = await api.GET('/api/v1/interviews', { params: { query: { candidate_id: candidateId, status: 'completed' } } });
    expect(expectOk(listed).map((i) => i.id)).toEqual([interviewId]);
    expect(totalCount(listed.response)).toBe(1);

    const conversation = expectOk(await api.GET('/api/v1/conversation/{interview_id}', { params: { path: { interview_id: interviewId }, query: { per_page: 100 } } }));
    expect(conversation.map((m) => m.sequence_number)).toEqual(Array.from({ length: 1 + questionCount * 2 }, (_, i) => i + 1));
    expect(conversation.filter((m) => m.role === 'user')).toHaveLength(questionCount);

    const uploads = expectOk(await api.GET('/api/v1/interviews/{id}/uploads', { params: id }));
    expect(uploads).toHaveLength(Math.ceil(questionCount / 2));
    expect(uploads[0]).toMatchObject({ kind: 'video', content_type: 'video/webm', status: 'uploaded', size_bytes: 2048 });

    const saved = expectOk(await api.POST('/api/v1/interviews/{id}/transcript', { params: id, body: { text: 'Full transcript', provider: 'manual' } }));
    expect(saved).toEqual({ interview_id: interviewId, length: 'Full transcript'.length });
    const transcript = expectOk(await api.GET('/api/v1/interviews/{id}/transcript', { params: id }));
    expect(transcript).toEqual({ interview_id: interviewId, text: 'Full transcript' });

    const run = expectOk(await api.POST('/api/v1/interviews/{id}/analysis:run', { params: id }));
    expect(run).toMatchObject({ interview_id: interviewId, model_used: 'rule-based-v1' });
    for (const score of [run.overall_score, run.communication_score, run.technical_score, run.cultural_fit_score]) {
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(100);
    }
    const latest = expectOk(await api.GET('/api/v1/interviews/{id}/analysis', { params: id }));
    expect(latest).toEqual(run);

    const candidate = expectOk(await api.GET('/api/v1/candidates/{id}', { params: { path: { id: candidateId } } }));
    expect(candidate.status).toBe('interviewed');

    await t.app.get(MetricsRecorder).flush();
    const metrics = expectOk(await api.GET('/api/v1/metrics', { params: { query: { window: '1h' } } }));
    expect(metrics.upload_p95_ms).toBeGreaterThan(0);
    expect(metrics.analysis_p95_ms).toBeGreaterThanOrEqual(0);
    expect(metrics.error_rate).toBeGreaterThanOrEqual(0);
  });

  it('the admin manages settings, the webhook secret, users and reads the access log', async () => {
    const settings = expectOk(await api.GET('/api/v1/settings'));
    expect(settings).toMatchObject({ company_name: 'Typed Co', default_token_ttl_hours: 168, consent_required: true, webhook_secret_set: false });
    const patched = expectOk(await api.PATCH('/api/v1/settings', { body: { default_token_ttl_hours: 72, candidate_retention_days: 365 } }));
    expect(patched).toMatchObject({ default_token_ttl_hours: 72, candidate_retention_days: 365, company_name: 'Typed Co' });

    const rotated = expectOk(await api.POST('/api/v1/settings/webhook-secret:rotate'));
    expect(rotated.secret.length).toBeGreaterThanOrEqual(32);
    expect(expectOk(await api.GET('/api/v1/settings')).webhook_secret_set).toBe(true);

    const user = expectOk(await api.POST('/api/v1/users', { body: { email: 'rita.typed@example.com', name: 'Rita Recruiter', role: 'recruiter', password } }), 201);
    expect(user).toMatchObject({ email: 'rita.typed@example.com', role: 'recruiter', tenant_id: tokens.user.tenant_id });
    const users = await api.GET('/api/v1/users');
    expect(expectOk(users).map((u) => u.email).sort()).toEqual([email, 'rita.typed@example.com'].sort());
    expect(totalCount(users.response)).toBe(2);

    await t.app.get(AccessLogWriter).flush();
    const logs = await api.GET('/api/v1/audit/access-logs', { params: { query: { path: `/api/v1/jobs/${jobId}/questions`, per_page: 100 } } });
    expect(expectOk(logs)).toEqual([
      expect.objectContaining({ method: 'GET', route: '/api/v1/jobs/:id/questions', status: 200, user_id: tokens.user.id, invite_token_id: null }),
    ]);
    expect(totalCount(logs.response)).toBe(1);
  });

  it('answers typed errors in the documented envelope', async () => {
    const missing = await api.GET('/api/v1/jobs/{id}', { params: { path: { id: 999_999 } } });
    expect(missing.data).toBeUndefined();
    expect(missing.response.status).toBe(404);
    expect(missing.error?.error).toEqual({ code: 'NOT_FOUND', message: expect.any(String), request_id: missing.response.headers.get('X-Request-Id') });

    const invalid = await api.POST('/api/v1/candidates/{id}/send-link', { params: { path: { id: candidateId } }, body: { ttl_hours: 721 } });
    expect(invalid.response.status).toBe(400);
    expect(invalid.error?.error.code).toBe('VALIDATION_ERROR');
    expect(invalid.error?.error.details).toEqual([expect.objectContaining({ field: 'ttl_hours' })]);

    const badToken = await candidateApp.GET('/api/v1/public/interviews/{token}', { params: { path: { token: 'x'.repeat(43) } } });
    expect(badToken.error?.error).toMatchObject({ code: 'INVALID_TOKEN', message: 'The link is invalid or has expired' });
  });

  it('logs out: the refresh token is dead', async () => {
    const out = await api.POST('/api/v1/auth/logout', { body: { refresh_token: tokens.refresh_token } });
    expect(out.response.status).toBe(204);
    expect(out.error).toBeUndefined();
    const again = await api.POST('/api/v1/auth/refresh', { body: { refresh_token: tokens.refresh_token } });
    expect(again.response.status).toBe(401);
    expect(again.error?.error.code).toBe('UNAUTHORIZED');
  });
});
