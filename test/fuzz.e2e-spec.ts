import { randomBytes } from 'node:crypto';
import { signPayload } from '../src/webhooks/signature';
import { createTestApp, TestApp } from './helpers/app';
import { createCandidate, createJob, PASSWORD, registerAdmin, sendLink, Session, uniqueEmail } from './helpers/factories';
import {
  BAD_AUTH,
  BAD_IDS,
  BAD_TOKENS,
  describeBody,
  FuzzCase,
  jsonBodyCases,
  listOperations,
  loadOpenApi,
  mapBounded,
  Operation,
  preview,
  queryCases,
  responseProblems,
  sampleValue,
  send,
  unexpectedBodyCases,
} from './helpers/fuzz';
import { listRoutes } from './helpers/routes';

/**
 * Generated from the committed openapi.json: every operation receives hostile bodies, parameters, ids,
 * tokens and headers. No response may be a 5xx (503 only from /healthz and /healthz/ready), every JSON error is the error
 * envelope without internals, a top-level prototype key never succeeds on a JSON write, and the app still
 * answers /healthz after each operation's batch.
 */

const doc = loadOpenApi();
const operations = listOperations(doc);
const CONCURRENCY = 4;

/** The data an operation's requests address: an organization with a job, a candidate and an invited interview. */
interface Ctx {
  admin: Session;
  tenantId: number;
  jobId: number;
  candidateId: number;
  interviewId: number;
  token: string;
  /** Another user of the organization (PATCH/DELETE /users/{id} never touch the admin's own account). */
  userId?: number;
  uploadKey?: string;
  signedQuery?: Record<string, string>;
  webhookSecret?: string;
}

const stats = { requests: 0, operations: 0, startedAt: Date.now() };

describe('fuzz: every operation of openapi.json', () => {
  let t: TestApp;
  let shared: Ctx;

  async function createCtx(): Promise<Ctx> {
    const admin = await registerAdmin(t.http, `Fuzz ${randomBytes(3).toString('hex')}`);
    const job = await createJob(t.http, admin);
    const candidate = await createCandidate(t.http, admin, job.id);
    const link = await sendLink(t.http, admin, candidate.id);
    return { admin, tenantId: admin.tenantId, jobId: job.id, candidateId: candidate.id, interviewId: link.interview_id, token: link.token };
  }

  /** Extra state some operations need before fuzzing reaches past their guards. */
  async function prepare(op: Operation, ctx: Ctx): Promise<void> {
    if (op.path.startsWith('/api/v1/users/{id}')) {
      const user = await t.http.post('/api/v1/users').set(ctx.admin.auth).send({ email: uniqueEmail('fuzz'), name: 'Fuzz Target', role: 'recruiter' }).expect(201);
      ctx.userId = user.body.id;
    }
    if (op.key === 'POST /api/v1/public/interviews/{token}/messages') {
      await t.http.post(`/api/v1/public/interviews/${ctx.token}/consent`).send({ accepted: true }).expect(200);
      await t.http.post(`/api/v1/public/interviews/${ctx.token}/start`).expect(200);
    }
    if (op.path === '/dev-upload/{key}') {
      const presign = await t.http.post('/api/v1/tokens/presign-upload').send({ token: ctx.token, file_name: 'a.webm', content_type: 'video/webm' }).expect(200);
      const url = new URL(presign.body.presigned_url as string);
      ctx.uploadKey = presign.body.key;
      ctx.signedQuery = Object.fromEntries(url.searchParams);
      if (op.method === 'get') await t.http.put(`${url.pathname}${url.search}`).set('Content-Type', 'video/webm').send(Buffer.from('fuzz bytes')).expect(200);
    }
    if (op.key === 'POST /api/v1/webhooks/analysis-ready') {
      ctx.webhookSecret = (await t.http.post('/api/v1/settings/webhook-secret:rotate').set(ctx.admin.auth).expect(200)).body.secret;
      await t.http.post(`/api/v1/interviews/${ctx.interviewId}/analysis:run`).set(ctx.admin.auth).expect(200);
    }
  }

  /** Values for path parameters of the operation, taken from `ctx` (not encoded). */
  function pathValue(op: Operation, name: string, ctx: Ctx): string {
    if (name === 'token') return ctx.token;
    if (name === 'key') return ctx.uploadKey ?? '1/1/missing.webm';
    if (name === 'interview_id') return String(ctx.interviewId);
    if (op.path.startsWith('/api/v1/jobs/')) return String(ctx.jobId);
    if (op.path.startsWith('/api/v1/candidates/')) return String(ctx.candidateId);
    if (op.path.startsWith('/api/v1/interviews/')) return String(ctx.interviewId);
    if (op.path.startsWith('/api/v1/users/')) return String(ctx.userId);
    throw new Error(`no value for path parameter ${name} of ${op.key}`);
  }

  const fillPath = (op: Operation, values: Record<string, string>): string => op.path.replace(/\{(\w+)\}/g, (_m, name: string) => values[name]);

  /** A valid-looking body: the schema's examples, with the ids and credentials of `ctx`. */
  function validBody(op: Operation, ctx: Ctx): Record<string, unknown> {
    const body = sampleValue(op.jsonBody!) as Record<string, unknown>;
    const overrides: Record<string, unknown> = {
      interview_id: ctx.interviewId,
      candidate_id: ctx.candidateId,
      tenant_id: ctx.tenantId,
      token: ctx.token,
      refresh_token: ctx.admin.refreshToken,
      current_password: PASSWORD,
      // An example host would be resolved over DNS; null (remove the URL) keeps the case offline.
      webhook_url: null,
    };
    for (const [k, v] of Object.entries(overrides)) if (k in body) body[k] = v;
    if (op.key === 'POST /api/v1/auth/login') body.email = ctx.admin.email;
    else if ('email' in body) body.email = uniqueEmail('fuzz');
    if (op.key === 'POST /api/v1/webhooks/analysis-ready') delete body.analysis_id;
    return body;
  }

  function baseQuery(op: Operation, ctx: Ctx): Record<string, string> {
    if (op.key === 'POST /api/v1/tokens/verify') return { token: ctx.token, mark_used: 'false' };
    if (op.key === 'PUT /dev-upload/{key}') return ctx.signedQuery ?? {};
    if (op.key === 'GET /api/v1/metrics') return { window: '1h' };
    return {};
  }

  /** Every hostile case for one operation. */
  function casesFor(op: Operation, ctx: Ctx): FuzzCase[] {
    const values = Object.fromEntries(op.pathParams.map((p) => [p.name, encodeURI(pathValue(op, p.name, ctx))]));
    const path = fillPath(op, values);
    const cases: FuzzCase[] = [];
    const minimal = op.jsonBody ? { kind: 'json' as const, value: validBody(op, ctx) } : undefined;

    for (const p of op.pathParams) {
      const numeric = (p.schema?.type ?? 'string') !== 'string';
      let bad: Record<string, string> = numeric ? BAD_IDS : BAD_TOKENS;
      if (p.name === 'key') {
        bad = { ...BAD_TOKENS, 'dot-dot segments': '..%2F..%2Fpackage.json', 'encoded traversal': '%2e%2e/%2e%2e/%2e%2e/etc/passwd', 'absolute path': '%2Fetc%2Fpasswd', 'other tenant prefix': '1/1/x.webm', 'empty segments': 'a//b///c' };
      }
      for (const [label, v] of Object.entries(bad)) cases.push({ name: `path ${p.name}: ${label}`, path: fillPath(op, { ...values, [p.name]: v }), body: minimal });
    }
    if (op.jsonBody) cases.push(...jsonBodyCases(op.jsonBody, validBody(op, ctx), path));
    else if (op.multipart) cases.push(...multipartCases(path));
    else if (op.method !== 'get') cases.push(...unexpectedBodyCases(path));
    cases.push(...queryCases(op.queryParams, path, baseQuery(op, ctx)));
    for (const h of op.headerParams) {
      for (const [label, v] of Object.entries({ empty: ' ', 'too long': 'k'.repeat(5000), 'bad characters': 'bad key!*', 'non-ASCII (latin1)': 'caf\u00e9', garbage: 't=abc,v1=zz,v1=' })) {
        cases.push({ name: `header ${h.name}: ${label}`, path, headers: { [h.name]: v }, body: minimal });
      }
      cases.push({ name: `header ${h.name}: missing`, path, headers: { [h.name]: '' }, body: minimal });
    }
    for (const [label, v] of Object.entries(BAD_AUTH)) cases.push({ name: `Authorization: ${label}`, path, headers: { Authorization: v }, body: minimal });
    if (op.bearer) cases.push({ name: 'no Authorization header', path, auth: false, body: minimal });
    cases.push({ name: 'odd Accept / Accept-Encoding', path, headers: { Accept: 'application/xml;q=1, */*;q=0', 'Accept-Encoding': 'x-bogus;q=1, identity;q=0', 'Accept-Language': 'x'.repeat(4000) }, body: minimal });
    cases.push({ name: 'hostile X-Request-Id', path, headers: { 'X-Request-Id': `${'r'.repeat(2000)}\u00ff` }, body: minimal });
    return cases;
  }

  function multipartCases(path: string): FuzzCase[] {
    const file = (name: string, content: Buffer | string, type?: string, field = 'files') => ({ field, name, content: Buffer.from(content), type });
    const mp = (name: string, files: ReturnType<typeof file>[], fields?: Record<string, string>): FuzzCase => ({ name, path, body: { kind: 'multipart', files, fields } });
    const raw = (name: string, text: string, type: string): FuzzCase => ({ name, path, body: { kind: 'raw', text, type } });
    const csv = (rows: string) => file('contacts.csv', rows, 'text/csv');
    return [
      mp('no files, only a text field', [], { note: 'x' }),
      mp('file under another field name', [file('cv.txt', 'Ada\nada@example.com', 'text/plain', 'file')]),
      mp('empty file', [file('cv.txt', '', 'text/plain')]),
      mp('NUL bytes in a text file', [file('cv.txt', 'Ada\u0000Lovelace\nada\u0000@example.com\u0000', 'text/plain')]),
      mp('path traversal file name', [file('../../../etc/passwd.txt', 'Ada\nada@example.com', 'text/plain')]),
      mp('very long file name', [file(`${'n'.repeat(2000)}.txt`, 'Ada\nada@example.com', 'text/plain')]),
      mp('RTL file name', [file('cv\u202etxt.exe', 'Ada\nada@example.com', 'text/plain')]),
      mp('PDF magic with garbage', [file('cv.pdf', `%PDF-1.4\n${randomBytes(2000).toString('binary')}`, 'application/pdf')]),
      mp('DOCX (zip) magic with garbage', [file('cv.docx', Buffer.concat([Buffer.from('PK\u0003\u0004'), randomBytes(2000)]), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')]),
      mp('random binary as .txt', [file('cv.txt', randomBytes(4000), 'text/plain')]),
      mp('lying content type (executable as text)', [file('cv.txt', Buffer.concat([Buffer.from('MZ'), randomBytes(500)]), 'text/plain')]),
      mp('CSV with formulas, NUL and quotes', [csv('name,email,phone\n=cmd|\' /C calc\'!A0,a@example.com,+1\n"unbalanced,b@example.com\nx\u0000y,c@example.com,\n')]),
      mp('CSV with 10,000 columns', [csv(`${Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(',')}\n`)]),
      mp('CSV with a 1 MB field', [csv(`name,email\n${'x'.repeat(1024 * 1024)},a@example.com\n`)]),
      mp('CSV header only', [csv('name,email,phone\n')]),
      mp('CSV with __proto__ columns', [csv('__proto__,constructor,prototype\nadmin,x,y\n')]),
      mp('__proto__ as a form field', [file('cv.txt', 'Ada\nada@example.com', 'text/plain')], { '__proto__[role]': 'admin', 'constructor[prototype][x]': '1' }),
      mp('51 files (over the count limit)', Array.from({ length: 51 }, (_, i) => file(`cv${i}.txt`, `P${i}\np${i}@example.com`, 'text/plain'))),
      mp('a file over the size limit', [file('big.txt', Buffer.alloc(5 * 1024 * 1024 + 10, 0x61), 'text/plain')]),
      raw('multipart without a boundary', 'garbage', 'multipart/form-data'),
      raw('malformed multipart body', '--xyz\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\nno closing boundary', 'multipart/form-data; boundary=xyz'),
      raw('multipart with a bad part header', '--xyz\r\nContent-Disposition: form-data; name=\r\n\r\nx\r\n--xyz--\r\n', 'multipart/form-data; boundary=xyz'),
      raw('JSON instead of multipart', '{"files":["cv.pdf"]}', 'application/json'),
      raw('__proto__ JSON instead of multipart', '{"__proto__":{"role":"admin"}}', 'application/json'),
      raw('text/plain instead of multipart', 'Ada,ada@example.com', 'text/plain'),
    ];
  }

  /** Headers a case is sent with: the session, a fresh Idempotency-Key, a webhook signature over the exact body. */
  function headersFor(op: Operation, c: FuzzCase, ctx: Ctx): Record<string, string> {
    const headers: Record<string, string> = {};
    if (op.bearer && c.auth !== false) headers.Authorization = ctx.admin.auth.Authorization;
    if (op.headerParams.some((h) => h.name.toLowerCase() === 'idempotency-key')) headers['Idempotency-Key'] = `fuzz-${randomBytes(6).toString('hex')}`;
    if (ctx.webhookSecret && op.key === 'POST /api/v1/webhooks/analysis-ready') {
      const body = c.body;
      const raw = !body ? '' : body.kind === 'json' ? JSON.stringify(body.value) : body.kind === 'raw' ? body.text : '';
      headers['X-Hirevision-Signature'] = signPayload(ctx.webhookSecret, raw, Math.floor(Date.now() / 1000));
    }
    // A header named with an empty value stands for "not sent".
    for (const [k, v] of Object.entries(c.headers ?? {})) {
      const existing = Object.keys(headers).find((h) => h.toLowerCase() === k.toLowerCase());
      if (existing) delete headers[existing];
      if (v !== '') headers[k] = v;
    }
    return headers;
  }

  beforeAll(async () => {
    t = await createTestApp({ LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent' });
    shared = await createCtx();
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    const seconds = ((Date.now() - stats.startedAt) / 1000).toFixed(1);
    console.info(`fuzz: ${stats.operations} operations, ${stats.requests} requests, ${seconds} s`);
  });

  it('the document lists every route the app serves, and nothing else', () => {
    const norm = (p: string) => p.replace(/\{\w+\}|:\w+|\*\w+/g, '{}');
    const served = listRoutes(t.app).map((r) => `${r.method} ${norm(r.path)}`).sort();
    const documented = operations.map((o) => `${o.method.toUpperCase()} ${norm(o.path)}`).sort();
    expect(documented).toEqual(served);
  });

  it('answers undocumented methods on documented paths with the error envelope', async () => {
    const failures: string[] = [];
    const paths = [...new Set(operations.map((o) => o.path))];
    await mapBounded(paths, CONCURRENCY, async (path) => {
      const declared = new Set(operations.filter((o) => o.path === path).map((o) => o.method));
      const concrete = path.replace(/\{(\w+)\}/g, (_m, name: string) => (name === 'token' || name === 'key' ? 'abc' : '1'));
      for (const method of ['get', 'post', 'put', 'patch', 'delete'].filter((m) => !declared.has(m))) {
        stats.requests++;
        const res = await send(t.http, method, { name: 'undocumented method', path: concrete, body: { kind: 'json', value: {} } }, shared.admin.auth);
        const problems = responseProblems(res, false);
        if (res.status < 400) problems.push(`undocumented method answered ${res.status}`);
        if (problems.length) failures.push(`${method.toUpperCase()} ${concrete} → ${res.status} ${problems.join('; ')} | ${preview(res.text ?? '', 200)}`);
      }
    });
    expect(failures).toEqual([]);
  });

  it.each(operations.map((op) => [op.key, op] as const))('%s survives hostile requests', async (_key, op) => {
    // Reads share one organization; anything that may change state gets its own.
    const ctx = op.method === 'get' && op.path !== '/dev-upload/{key}' ? shared : await createCtx();
    await prepare(op, ctx);
    const cases = casesFor(op, ctx);
    const writesJson = op.jsonBody !== undefined && ['post', 'patch', 'put'].includes(op.method);
    const allow503 = op.path === '/healthz' || op.path === '/healthz/ready';
    const failures: string[] = [];
    const statuses: Record<number, number> = {};

    await mapBounded(cases, CONCURRENCY, async (c) => {
      stats.requests++;
      const where = `${op.method.toUpperCase()} ${preview(`${c.path}${c.query ? `?${c.query}` : ''}`, 140)} ${describeBody(c.body)}`;
      let res;
      try {
        res = await send(t.http, op.method, c, headersFor(op, c, ctx));
      } catch (e) {
        const err = e as { code?: string; message?: string; timeout?: number };
        failures.push(`[${c.name}] ${where} → no response (${err.code ?? ''} ${err.message ?? String(e)})`);
        return;
      }
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      const problems = responseProblems(res, allow503);
      if (c.topLevelPrototypeKey && writesJson && res.status >= 200 && res.status < 300) problems.push('a top-level prototype key was accepted (expected 400 VALIDATION_ERROR)');
      if (problems.length) failures.push(`[${c.name}] ${where} → ${res.status} ${problems.join('; ')} | ${preview(res.text ?? '', 300)}`);
    });
    if (process.env.FUZZ_STATUSES) console.info(`${op.key}: ${cases.length} cases, statuses ${JSON.stringify(statuses)}`);
    stats.requests++;
    stats.operations++;
    const health = await t.http.get('/healthz');
    if (health.status !== 200) failures.push(`after the batch: GET /healthz → ${health.status} ${preview(health.text, 300)}`);
    expect(failures).toEqual([]);
  }, 120_000);
});
