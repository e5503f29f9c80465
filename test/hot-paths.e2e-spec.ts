import request, { type Response } from 'supertest';
import { AccessLogWriter } from '../src/audit/access-log.writer';
import { hotPathsOf } from '../src/app.factory';
import type { HotPaths } from '../src/common/http/hot-paths';
import { createTestApp, TestApp } from './helpers/app';
import { addUser, createCandidate, createInterview, createJob, registerAdmin, Session } from './helpers/factories';

/** Headers that differ between any two responses: the date, and the rate limit's count and clock. */
const VOLATILE = new Set(['date', 'x-ratelimit-remaining-api', 'x-ratelimit-reset-api']);

/** A response as bytes that matter: status, every header in order (but the volatile ones), body. */
function seen(res: Response): { status: number; headers: Array<[string, string]>; body: string } {
  const headers = Object.entries(res.headers as Record<string, string>).filter(([name]) => !VOLATILE.has(name));
  return { status: res.status, headers, body: res.text ?? '' };
}

/**
 * The `@HotRead()` routes are answered without Express's router and Nest's generic pipeline (see HotPaths).
 * Every kind of answer they give, success or failure, must be the one Express and Nest give: each request
 * here is sent twice, once on the hot path and once with it turned off, and the two answers compared.
 */
describe('hot paths answer exactly as the full pipeline does', () => {
  let t: TestApp;
  let hot: HotPaths;
  let owner: Session;
  let reader: Session;
  let jobId: number;
  let interviewId: number;
  let otherJobId: number;
  let otherInterviewId: number;
  let requestNo = 0;

  beforeAll(async () => {
    t = await createTestApp();
    hot = hotPathsOf.get(t.app)!;
    owner = await registerAdmin(t.http);
    reader = await addUser(t.http, owner, 'readonly');
    jobId = (await createJob(t.http, owner)).id;
    for (let i = 0; i < 3; i++) await createCandidate(t.http, owner, jobId, { name: `Hot Person ${i}` });
    ({ interviewId } = await createInterview(t.http, owner, { jobId, messages: [1, 2, 3].map((i) => `Question "${i}" \\ ünïcode?`) }));
    ({ jobId: otherJobId, interviewId: otherInterviewId } = await createInterview(t.http, await registerAdmin(t.http, 'Other Org')));
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  /** Sends the GET on the hot path, then through Express, and returns both answers and the request ids used. */
  async function both(path: string, headers: Record<string, string> = {}, http = t.http): Promise<{ fast: Response; full: Response; ids: [string, string] }> {
    // Ids of the same length, so that the two answers' lengths and ETags can be compared.
    const ids: [string, string] = [`a-${++requestNo}`, `b-${requestNo}`];
    const served = hot.served;
    hot.enabled = true;
    const fast = await http.get(path).set({ ...headers, 'X-Request-Id': ids[0] });
    expect(hot.served).toBe(served + 1);
    hot.enabled = false;
    try {
      const full = await http.get(path).set({ ...headers, 'X-Request-Id': ids[1] });
      return { fast, full, ids };
    } finally {
      hot.enabled = true;
    }
  }

  /** Both answers, the request id aside (each echoes its own). */
  async function expectSame(path: string, headers: Record<string, string> = {}, http = t.http): Promise<Response> {
    const { fast, full, ids } = await both(path, headers, http);
    const a = seen(fast);
    const b = seen(full);
    expect(a.headers.find(([name]) => name === 'x-request-id')?.[1]).toBe(ids[0]);
    // An error body carries the request id, and so its ETag differs with it.
    const unify = (s: ReturnType<typeof seen>, id: string) => {
      const same = JSON.parse(JSON.stringify(s).replaceAll(id, '<id>')) as ReturnType<typeof seen>;
      if (s.body.includes(id)) same.headers = same.headers.map(([name, value]) => [name, name === 'etag' ? '<etag of the body>' : value]);
      return same;
    };
    expect(unify(a, ids[0])).toEqual(unify(b, ids[1]));
    return fast;
  }

  const paths = () => ({
    candidates: '/api/v1/candidates',
    job: `/api/v1/jobs/${jobId}/candidates`,
    conversation: `/api/v1/conversation/${interviewId}`,
  });

  it('pages, with and without a query, for every role', async () => {
    for (const path of Object.values(paths())) {
      for (const who of [owner, reader]) {
        expect((await expectSame(path, who.auth)).status).toBe(200);
        expect((await expectSame(`${path}?page=2&per_page=1`, who.auth)).status).toBe(200);
      }
    }
    const search = await expectSame(`/api/v1/candidates?q=hot%20person&status=new&job_id=${jobId}&per_page=2`, owner.auth);
    expect(search.body).toHaveLength(2);
    expect(search.headers['x-total-count']).toBe('3');
    expect(search.headers.link).toContain('rel="next"');
    const conversation = await expectSame(`${paths().conversation}?per_page=2`, owner.auth);
    expect(conversation.body[0].content).toBe('Question "1" \\ ünïcode?');
  });

  it('CORS for an allowed origin and for another, and a conditional GET', async () => {
    for (const path of Object.values(paths())) {
      const allowed = await expectSame(path, { ...owner.auth, Origin: 'http://localhost:5173' });
      expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:5173');
      expect(allowed.headers['access-control-expose-headers']).toContain('X-Total-Count');
      await expectSame(path, { ...owner.auth, Origin: 'https://elsewhere.example' });
      const etag = allowed.headers.etag as string;
      expect(etag).toBeTruthy();
      // 304 is HTTP's answer to a conditional GET, not the API's (the contract does not list it).
      expect((await expectSame(path, { ...owner.auth, 'If-None-Match': etag }, request(t.app.getHttpServer()))).status).toBe(304);
    }
  });

  it('400 for input the route refuses, with the error envelope', async () => {
    const { candidates, job, conversation } = paths();
    for (const path of [`${candidates}?per_page=0`, `${candidates}?page=abc`, `${candidates}?foo=1`, `${candidates}?__proto__=1`, `${candidates}?status=bogus`, `${job}?per_page=101`, `${conversation}?page=0`]) {
      const res = await expectSame(path, owner.auth);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
    }
  });

  it('404 for another organization’s job or interview, and for one that does not exist', async () => {
    for (const path of [`/api/v1/jobs/${otherJobId}/candidates`, `/api/v1/conversation/${otherInterviewId}`, '/api/v1/jobs/99999999/candidates', '/api/v1/conversation/99999999']) {
      const res = await expectSame(path, owner.auth);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
  });

  it('401 without a credential, with a malformed or bad one, and for a deleted user', async () => {
    const doomed = await addUser(t.http, owner, 'recruiter');
    await t.http.get(paths().candidates).set(doomed.auth).expect(200);
    await t.http.delete(`/api/v1/users/${doomed.userId}`).set(owner.auth).expect(204);
    for (const path of Object.values(paths())) {
      for (const headers of [{}, { Authorization: 'Basic abc' }, { Authorization: 'Bearer not-a-token' }, doomed.auth]) {
        const res = await expectSame(path, headers);
        expect(res.status).toBe(401);
        expect(res.body.error.code).toBe('UNAUTHORIZED');
      }
      // A refused token answers 401 before the route's own 400.
      expect((await expectSame(`${path}?per_page=0`, doomed.auth)).status).toBe(401);
    }
  });

  it('the access log and the metrics name the route the same way', async () => {
    const { ids } = await both(`/api/v1/jobs/${jobId}/candidates?page=1`, owner.auth);
    await t.app.get(AccessLogWriter).flush();
    const rows: Array<Record<string, unknown>> = await t.dataSource.query(
      'SELECT request_id, tenant_id, user_id, method, route, path, status, ip, user_agent FROM access_logs WHERE request_id = ANY($1) ORDER BY request_id DESC',
      [ids],
    );
    expect(rows).toHaveLength(2);
    const [fast, full] = rows;
    expect({ ...fast, request_id: undefined }).toEqual({ ...full, request_id: undefined });
    expect(fast.route).toBe('/api/v1/jobs/:id/candidates');
    const metrics = await t.http.get('/metrics').expect(200);
    expect(metrics.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/jobs\/:id\/candidates",status="200"\} \d+/);
  });

  it('leaves every other request to Express', async () => {
    const served = hot.served;
    const { candidates, conversation } = paths();
    await t.http.head(candidates).set(owner.auth).expect(200);
    await t.http.get(`${candidates}/`).set(owner.auth).expect(200);
    await t.http.get('/api/v1/conversation/abc').set(owner.auth).expect(400);
    await t.http.get(`/api/v1/jobs/${jobId}`).set(owner.auth).expect(200);
    await t.http.get(conversation).set({ ...owner.auth, 'Content-Length': '0' }).expect(200);
    await t.http.post(candidates).set(owner.auth).send({}).expect(404);
    expect(hot.served).toBe(served);
  });
});

describe('hot paths: a spent rate limit', () => {
  let t: TestApp;
  let hot: HotPaths;

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_API: '4' });
    hot = hotPathsOf.get(t.app)!;
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('answers 429 with Retry-After on both paths alike', async () => {
    const owner = await registerAdmin(t.http);
    // Registering counted against the auth bucket; the API bucket's 4 go to reads.
    const answers: Response[] = [];
    for (let i = 0; i < 6; i++) {
      hot.enabled = i % 2 === 0;
      answers.push(await t.http.get('/api/v1/candidates').set(owner.auth).set('X-Request-Id', `limited-${i}`));
    }
    hot.enabled = true;
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 429, 429]);
    // Apart from the request id (and so the ETag) and the seconds left in the window.
    const [a, b] = answers.slice(4).map((r) => ({ ...seen(r), headers: seen(r).headers.filter(([name]) => !['retry-after', 'x-request-id', 'etag'].includes(name)) }));
    expect(a).toEqual({ ...b, body: b.body.replace('limited-5', 'limited-4') });
    expect(Number(answers[4].headers['retry-after'])).toBeGreaterThan(0);
  });
});
