import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { Pool } from 'pg';
import type { Response } from 'supertest';
import { signPayload } from '../../src/webhooks/signature';
import { provisionDatabase, TestDatabase } from '../helpers/database';
import { createCandidate, createJob, createTenant, expectError, PASSWORD, uniqueEmail } from '../helpers/factories';
import { ANSWERS, waitFor } from '../helpers/interview';
import { LocalS3, startLocalS3 } from '../helpers/s3';
import { json, RecordedRequest, startStubServer, StubServer } from '../helpers/stub-server';
import { ApiCluster, prepareCluster } from './api-cluster';
import { Client, Clients, servedBy } from './clients';
import { clusterServices } from './prerequisites';
import { RoundRobinProxy, startRoundRobinProxy, Upstream } from './round-robin-proxy';

const RATE_LIMIT_AUTH = 5;
const DISPATCH_INTERVAL_MS = 200;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const bearer = (accessToken: string) => ({ Authorization: `Bearer ${accessToken}` });
const servers = (responses: Response[]) => new Set(responses.map(servedBy));

interface SentMail {
  to: string[];
  subject: string;
  text: string;
}

/**
 * Two API processes (each its own port and data directory; one PostgreSQL database, one Redis, the same
 * secrets) behind a round-robin load balancer that appends X-Forwarded-For, as production runs them.
 * Every request goes through the balancer, so consecutive requests are served by different instances,
 * and each test checks that they behave as one service: sessions and role changes, the candidate flow and
 * its analysis, rate limits, metrics and the access log, the retention lock, the webhook replay guard, and a
 * restart of every instance. Media goes to an S3 stand-in and e-mail to a Resend stand-in, which both
 * instances share as they would share the real ones. A failure report carries the tail of each instance's log.
 */
describe('two API instances behind a load balancer work as one service', () => {
  let db: TestDatabase;
  let pool: Pool;
  let s3: LocalS3;
  let outside: StubServer;
  let proxy: RoundRobinProxy;
  let cluster: ApiCluster | undefined;
  let clients: Clients;
  let failed = false;
  const upstreams: Upstream[] = [];
  const instanceNames = ['a', 'b'];

  const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => (await pool.query(sql, params)).rows as T[];
  const count = async (sql: string, params: unknown[] = []) => Number((await q<{ n: string }>(sql, params))[0].n);
  const client = (): Client => clients.create();

  const acceptedMails: SentMail[] = [];
  const refusedMails: SentMail[] = [];
  const mailOutage = new Set<string>();
  /** Mail the Resend stand-in accepted for `address`, optionally only with `subject` in its subject. */
  const mailsTo = (address: string, subject?: string) => acceptedMails.filter((m) => m.to.includes(address) && (subject === undefined || m.subject.includes(subject)));
  const hooksFor = (interviewId: number) =>
    outside.requests.filter((r: RecordedRequest) => r.url.startsWith('/hooks/') && (JSON.parse(r.body) as { interview_id?: number }).interview_id === interviewId);

  /** A test whose failure report carries the tail of every instance's log. */
  const scenario = (name: string, fn: () => Promise<void>, timeout?: number) =>
    it(
      name,
      async () => {
        try {
          await fn();
        } catch (e) {
          failed = true;
          const logs = `\n\nInstance logs (kept under ${cluster?.dir}):\n${cluster?.report(40) ?? '(no cluster)'}`;
          if (e instanceof Error) e.message += logs;
          throw e;
        }
      },
      timeout,
    );

  beforeAll(async () => {
    const services = clusterServices();
    db = await provisionDatabase();
    pool = new Pool({ connectionString: db.url, max: 2 });
    s3 = await startLocalS3();
    outside = await startStubServer();
    // Resend's send endpoint (refusing mail to the addresses in mailOutage) and the organizations' webhook receivers.
    outside.handle((req, res) => {
      if (req.url !== '/emails') return json(res, 204, {});
      const mail = JSON.parse(req.body) as SentMail;
      if (mail.to.some((to) => mailOutage.has(to))) {
        refusedMails.push(mail);
        return json(res, 503, { name: 'internal_server_error', message: 'temporarily unavailable' });
      }
      acceptedMails.push(mail);
      json(res, 200, { id: `email-${acceptedMails.length}` });
    });
    proxy = await startRoundRobinProxy(upstreams);
    clients = new Clients(proxy.url);
    try {
      cluster = await prepareCluster(instanceNames, {
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        HOST: '127.0.0.1',
        PUBLIC_URL: proxy.url,
        DATABASE_URL: db.url,
        DATABASE_POOL_SIZE: '5',
        REDIS_URL: services.redisUrl,
        REDIS_KEY_PREFIX: `hv-cluster:${randomBytes(6).toString('hex')}:`,
        JWT_SECRET: randomBytes(48).toString('base64'),
        METRICS_TOKEN: randomBytes(24).toString('hex'),
        TRUST_PROXY: 'true',
        RATE_LIMIT_AUTH: String(RATE_LIMIT_AUTH),
        METRICS_FLUSH_INTERVAL_MS: '200',
        MAIL_DISPATCH_INTERVAL_MS: String(DISPATCH_INTERVAL_MS),
        WEBHOOK_DISPATCH_INTERVAL_MS: String(DISPATCH_INTERVAL_MS),
        WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
        RESEND_API_KEY: 're_cluster_test_key',
        RESEND_BASE_URL: outside.url,
        RETENTION_CRON: 'off',
        RETENTION_BATCH_SIZE: '10',
        ...s3.env,
      });
      upstreams.push(...cluster.instances);
      await cluster.startAll();
    } catch (e) {
      failed = true;
      throw e;
    }
  }, 180_000);

  afterAll(async () => {
    await cluster?.dispose(failed);
    if (failed && cluster) console.error(`The instances' data directories and logs are kept in ${cluster.dir}`);
    clients?.close();
    await proxy?.close();
    await outside?.close();
    await s3?.stop();
    await pool?.end();
    await db?.drop();
  }, 60_000);

  scenario('the balancer sends consecutive requests to alternate instances', async () => {
    const { http } = client();
    const first = await http.get('/healthz').expect(200);
    const second = await http.get('/healthz').expect(200);
    expect([servedBy(first), servedBy(second)].sort()).toEqual(instanceNames);
  });

  scenario('auth: a session opened on one instance is served by the other; a rotated refresh token is dead everywhere', async () => {
    const { http } = client();
    const email = uniqueEmail('owner');
    const registered = await http.post('/api/v1/auth/register').send({ organization_name: 'Cluster Auth', name: 'Olga Owner', email, password: PASSWORD }).expect(201);
    const login = await http.post('/api/v1/auth/login').send({ email, password: PASSWORD }).expect(200);
    expect(servedBy(login)).not.toBe(servedBy(registered));

    // Each instance accepts the access tokens the other issued.
    const mine = await Promise.all([
      http.get('/api/v1/auth/me').set(bearer(login.body.access_token)).expect(200),
      http.get('/api/v1/auth/me').set(bearer(registered.body.access_token)).expect(200),
    ]);
    const again = await Promise.all([
      http.get('/api/v1/auth/me').set(bearer(login.body.access_token)).expect(200),
      http.get('/api/v1/auth/me').set(bearer(registered.body.access_token)).expect(200),
    ]);
    expect(servers([...mine, ...again])).toEqual(new Set(instanceNames));
    for (const res of [...mine, ...again]) expect(res.body).toMatchObject({ id: registered.body.user.id, email, role: 'admin' });

    // Rotation on one instance; the rotated token presented to the other is a reuse: the whole login is revoked.
    const other = client().http;
    const rotated = await other.post('/api/v1/auth/refresh').send({ refresh_token: login.body.refresh_token }).expect(200);
    const reused = await other.post('/api/v1/auth/refresh').send({ refresh_token: login.body.refresh_token }).expect(401);
    expect(servedBy(reused)).not.toBe(servedBy(rotated));
    expectError(reused.body, 'UNAUTHORIZED');
    const revoked = await other.post('/api/v1/auth/refresh').send({ refresh_token: rotated.body.refresh_token }).expect(401);
    expect(servedBy(revoked)).toBe(servedBy(rotated));

    // Logging out on one instance ends the session on the other.
    const third = client().http;
    const fresh = await third.post('/api/v1/auth/refresh').send({ refresh_token: registered.body.refresh_token }).expect(200);
    const logout = await third.post('/api/v1/auth/logout').send({ refresh_token: fresh.body.refresh_token }).expect(204);
    const after = await third.post('/api/v1/auth/refresh').send({ refresh_token: fresh.body.refresh_token }).expect(401);
    expect(servedBy(after)).not.toBe(servedBy(logout));
  });

  scenario('auth: a role change or a deletion by the admin applies to the very next request, whichever instance serves it', async () => {
    const tenant = await createTenant(client().http, 'Cluster Roles');
    const { http } = client();
    const { admin, recruiter } = tenant;
    // Both instances have authenticated (and so cached) the recruiter.
    const warm = [await http.get('/api/v1/users').set(recruiter.auth).expect(200), await http.get('/api/v1/users').set(recruiter.auth).expect(200)];
    expect(servers(warm)).toEqual(new Set(instanceNames));

    // Each change is made through one instance; the next two requests are served by the other, then by the
    // same one. Every answer must already follow the change.
    const outcomes: Array<{ change: string; changedOn: string; servedBy: string; status: number; expected: number }> = [];
    const change = async (label: string, request: () => Promise<Response>, probe: () => Promise<Response>, expected: number) => {
      const changed = await request();
      for (let i = 0; i < 2; i++) {
        const res = await probe();
        outcomes.push({ change: label, changedOn: servedBy(changed), servedBy: servedBy(res), status: res.status, expected });
      }
    };
    const listUsers = () => http.get('/api/v1/users').set(recruiter.auth);
    for (let round = 0; round < 10; round++) {
      await change(`#${round} to readonly`, () => http.patch(`/api/v1/users/${recruiter.userId}`).set(admin.auth).send({ role: 'readonly' }).expect(200), listUsers, 403);
      await change(`#${round} to recruiter`, () => http.patch(`/api/v1/users/${recruiter.userId}`).set(admin.auth).send({ role: 'recruiter' }).expect(200), listUsers, 200);
    }
    await change('deleted', () => http.delete(`/api/v1/users/${recruiter.userId}`).set(admin.auth).expect(204), listUsers, 401);
    await http.get('/api/v1/auth/me').set(recruiter.auth).expect(401);

    expect(outcomes.filter((o, i) => o.servedBy === o.changedOn && i % 2 === 0)).toEqual([]);
    expect(outcomes.filter((o) => o.status !== o.expected)).toEqual([]);
    await client().http.post('/api/v1/auth/refresh').send({ refresh_token: recruiter.refreshToken }).expect(401);
  });

  scenario(
    'the candidate flow across instances: answers in order, media on shared storage, one analysis, one e-mail and one webhook',
    async () => {
      const tenant = await createTenant(client().http, 'Cluster Hiring');
      const { http } = client();
      const { admin, recruiter } = tenant;
      await http.post('/api/v1/settings/webhook-secret:rotate').set(admin.auth).expect(200);
      await http.patch('/api/v1/settings').set(admin.auth).send({ webhook_url: `${outside.url}/hooks/hiring` }).expect(200);
      const job = await createJob(http, recruiter, { title: 'Backend Engineer', skills: ['TypeScript', 'PostgreSQL', 'Docker', 'Kafka'] });
      const candidate = await createCandidate(http, recruiter, job.id, { name: 'Grace Hopper' });
      const sent = await http.post(`/api/v1/candidates/${candidate.id}/send-link`).set(recruiter.auth).send({}).expect(200);
      expect(sent.body.email_status).toBe('queued');
      const interviewId: number = sent.body.interview_id;

      // The invite is delivered once, by whichever instance's dispatcher claims it, with a working link
      // (the link is sealed with a key derived from JWT_SECRET, so any instance can open it).
      const [invite] = await waitFor(async () => (mailsTo(candidate.email).length ? mailsTo(candidate.email) : undefined), 10_000);
      const token = /#token=([A-Za-z0-9_-]+)/.exec(invite.text)?.[1];
      expect(token).toBeDefined();
      expect(sent.body.link).toContain(`#token=${token}`);

      const candidateClient = client();
      const app = candidateClient.http;
      const pub = `/api/v1/public/interviews/${token}`;
      const info = await app.get(pub).expect(200);
      expect(info.body).toMatchObject({ candidate_first_name: 'Grace', position_title: 'Backend Engineer', status: 'scheduled', answered_count: 0 });
      const questionCount: number = info.body.question_count;
      const consent = await app.post(`${pub}/consent`).send({ accepted: true }).expect(200);
      expect(servedBy(consent)).not.toBe(servedBy(info));
      expect(consent.body.consent.given).toBe(true);
      const started = await app.post(`${pub}/start`).expect(200);
      expect(started.body.assistant_message.sequence_number).toBe(1);

      // Two answers at the same moment reach different instances; the interview's row lock serialises them.
      const concurrent = await Promise.all([
        app.post(`${pub}/messages`).set('Idempotency-Key', 'answer-1').send({ content: ANSWERS[0] }).expect(200),
        app.post(`${pub}/messages`).set('Idempotency-Key', 'answer-2').send({ content: ANSWERS[1] }).expect(200),
      ]);
      expect(servers(concurrent)).toEqual(new Set(instanceNames));
      expect(concurrent.map((r) => r.body.user_message.sequence_number).sort()).toEqual([2, 4]);
      // A retried answer (same Idempotency-Key) returns the stored exchange, on either instance.
      const retries = [
        await app.post(`${pub}/messages`).set('Idempotency-Key', 'answer-1').send({ content: ANSWERS[0] }).expect(200),
        await app.post(`${pub}/messages`).set('Idempotency-Key', 'answer-1').send({ content: ANSWERS[0] }).expect(200),
      ];
      expect(servers(retries)).toEqual(new Set(instanceNames));
      for (const retry of retries) expect(retry.body).toEqual(concurrent[0].body);

      // A recording, presigned by one instance, PUT straight to storage, listed and read back through both.
      const presign = await app.post('/api/v1/tokens/presign-upload').send({ token, file_name: 'answer-3.webm', content_type: 'video/webm' }).expect(200);
      expect(presign.body.presigned_url.startsWith(`${s3.endpoint}/${s3.bucket}/`)).toBe(true);
      const recording = randomBytes(256 * 1024);
      const put = await fetch(presign.body.presigned_url, { method: 'PUT', headers: { 'Content-Type': 'video/webm' }, body: recording });
      expect(put.status).toBe(200);
      await app.post('/api/v1/metrics/log-upload').send({ token, kind: 'video', duration_ms: 850, size_bytes: recording.length, success: true }).expect(200);
      const listings = [
        await http.get(`/api/v1/interviews/${interviewId}/uploads`).set(recruiter.auth).expect(200),
        await http.get(`/api/v1/interviews/${interviewId}/uploads`).set(recruiter.auth).expect(200),
      ];
      expect(servers(listings)).toEqual(new Set(instanceNames));
      for (const listing of listings) {
        expect(listing.body).toEqual([expect.objectContaining({ key: presign.body.key, status: 'uploaded', size_bytes: recording.length, kind: 'video' })]);
        const download = await fetch(listing.body[0].download_url);
        expect(Buffer.compare(Buffer.from(await download.arrayBuffer()), recording)).toBe(0);
      }

      let last: Response | undefined;
      for (let i = 2; !last?.body.is_complete; i++) {
        expect(i).toBeLessThan(questionCount + 1);
        last = await app.post(`${pub}/messages`).set('Idempotency-Key', `answer-${i + 1}`).send({ content: ANSWERS[i % ANSWERS.length] }).expect(200);
      }

      // Every question asked once, in order, with no gap in the sequence, whichever instance took each answer.
      const conversation = await http.get(`/api/v1/conversation/${interviewId}?per_page=100`).set(recruiter.auth).expect(200);
      const messages = conversation.body as Array<{ role: string; content: string; sequence_number: number }>;
      expect(messages.map((m) => m.sequence_number)).toEqual(messages.map((_m, i) => i + 1));
      expect(messages.filter((m) => m.role === 'user')).toHaveLength(questionCount);
      const asked = messages.filter((m) => m.role === 'assistant').map((m) => m.content);
      expect(new Set(asked).size).toBe(asked.length);

      // Scored in the background by the instance that took the last answer; read through both.
      const analysis = await waitFor(async () => {
        const res = await http.get(`/api/v1/interviews/${interviewId}/analysis`).set(recruiter.auth);
        return res.status === 200 ? res : undefined;
      }, 10_000);
      expect(analysis.body).toMatchObject({ interview_id: interviewId, model_used: 'rule-based-v1' });
      const reads = [
        await http.get(`/api/v1/interviews/${interviewId}`).set(recruiter.auth).expect(200),
        await http.get(`/api/v1/interviews/${interviewId}`).set(recruiter.auth).expect(200),
      ];
      expect(servers(reads)).toEqual(new Set(instanceNames));
      for (const read of reads) {
        expect(read.body).toMatchObject({ status: 'completed', analysis_status: 'ready' });
        // The consent was recorded with the candidate's own address, not the balancer's.
        expect(read.body.consent).toMatchObject({ ip: candidateClient.address });
      }
      for (const res of [await http.get(`/api/v1/interviews/${interviewId}/analysis`).set(recruiter.auth).expect(200), await http.get(`/api/v1/interviews/${interviewId}/analysis`).set(recruiter.auth).expect(200)]) {
        expect(res.body).toEqual(analysis.body);
      }

      // Exactly once: one analysis, one queued e-mail to the recruiter, delivered once; one webhook delivered once.
      const ref = `candidate:${candidate.id}`;
      expect(await count('SELECT count(*) AS n FROM interview_analyses WHERE interview_id = $1', [interviewId])).toBe(1);
      expect(await count(`SELECT count(*) AS n FROM outbox_messages WHERE kind = 'analysis_ready' AND subject_ref = $1`, [ref])).toBe(1);
      await waitFor(async () => (mailsTo(recruiter.email, `Interview #${interviewId}`).length && hooksFor(interviewId).length ? true : undefined), 10_000);
      // Several dispatch passes of both instances later, still once each.
      await sleep(DISPATCH_INTERVAL_MS * 6);
      expect(mailsTo(recruiter.email, `Interview #${interviewId}`)).toHaveLength(1);
      expect(mailsTo(candidate.email)).toHaveLength(1);
      expect(hooksFor(interviewId)).toHaveLength(1);
      expect(JSON.parse(hooksFor(interviewId)[0].body)).toMatchObject({ event: 'analysis.ready', interview_id: interviewId, analysis_id: analysis.body.id });
    },
    90_000,
  );

  scenario('rate limits are one budget for the whole service: 429 at the shared count, with Retry-After', async () => {
    const { http } = client();
    const wrong = { email: uniqueEmail('nobody'), password: 'not the password' };
    const allowed: Response[] = [];
    for (let i = 0; i < RATE_LIMIT_AUTH; i++) allowed.push(await http.post('/api/v1/auth/login').send(wrong).expect(401));
    expect(servers(allowed)).toEqual(new Set(instanceNames));

    const limited = [await http.post('/api/v1/auth/login').send(wrong), await http.post('/api/v1/auth/login').send(wrong)];
    expect(servers(limited)).toEqual(new Set(instanceNames));
    for (const res of limited) {
      expect(res.status).toBe(429);
      expectError(res.body, 'RATE_LIMITED');
      const retryAfter = Number(res.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
    // What the client writes in X-Forwarded-For does not make it someone else: the balancer's entry counts.
    await http.post('/api/v1/auth/login').set('X-Forwarded-For', '203.0.113.9').send(wrong).expect(429);
    // Another client (another address) has its own budget.
    await client().http.post('/api/v1/auth/login').send(wrong).expect(401);
  });

  scenario('metrics and the access log: what each instance records is reported by either', async () => {
    const tenant = await createTenant(client().http, 'Cluster Metrics');
    const { http } = client();
    const job = await createJob(http, tenant.admin);
    const candidate = await createCandidate(http, tenant.admin, job.id);
    const sent = await http.post(`/api/v1/candidates/${candidate.id}/send-link`).set(tenant.admin.auth).send({}).expect(200);
    const token = /#token=([A-Za-z0-9_-]+)$/.exec(sent.body.link)?.[1];
    const app = client().http;
    // One upload report through each instance: 1000 ms and 2000 ms. p95 over both is 1950 (linear
    // interpolation); over one instance's only it would be 1000 or 2000.
    const reports = [
      await app.post('/api/v1/metrics/log-upload').send({ token, kind: 'audio', duration_ms: 1000, success: true }).expect(200),
      await app.post('/api/v1/metrics/log-upload').send({ token, kind: 'audio', duration_ms: 2000, success: true }).expect(200),
    ];
    expect(servers(reports)).toEqual(new Set(instanceNames));
    const notFound: Response[] = [];
    const requestIds = [0, 1, 2, 3].map((i) => `cluster-${randomBytes(4).toString('hex')}-${i}`).sort();
    for (const id of requestIds) notFound.push(await http.get('/api/v1/jobs/2147483000').set(tenant.admin.auth).set('X-Request-Id', id).expect(404));
    expect(servers(notFound)).toEqual(new Set(instanceNames));

    const expected = { upload_p95_ms: 1950, analysis_p95_ms: 0, error_rate: 0, errors_by_type: { NOT_FOUND: 4 } };
    await waitFor(async () => {
      const res = await http.get('/api/v1/metrics?window=1h').set(tenant.recruiter.auth).expect(200);
      return isDeepStrictEqual(res.body, expected) ? res : undefined;
    }, 10_000).catch(async (e: unknown) => {
      const res = await http.get('/api/v1/metrics?window=1h').set(tenant.recruiter.auth);
      throw new Error(`metrics never reported both instances' data: last answer ${JSON.stringify(res.body)} (${String(e)})`);
    });
    const fromEach = [await http.get('/api/v1/metrics?window=1h').set(tenant.recruiter.auth).expect(200), await http.get('/api/v1/metrics?window=1h').set(tenant.recruiter.auth).expect(200)];
    expect(servers(fromEach)).toEqual(new Set(instanceNames));
    for (const res of fromEach) expect(res.body).toEqual(expected);
    expect(await count(`SELECT count(*) AS n FROM metric_samples WHERE tenant_id = $1 AND kind = 'upload' AND source = 'client'`, [tenant.tenantId])).toBe(2);

    // The access log, buffered by each instance, holds the requests of both, read through either.
    const auditPath = '/api/v1/audit/access-logs?path=/api/v1/jobs/2147483000&per_page=100';
    const logged = async () => ((await http.get(auditPath).set(tenant.admin.auth).expect(200)).body as Array<{ request_id: string }>).map((l) => l.request_id).sort();
    await waitFor(async () => (isDeepStrictEqual(await logged(), requestIds) ? true : undefined), 10_000).catch(async (e: unknown) => {
      throw new Error(`the access log never listed the requests ${requestIds.join(', ')} of both instances: it lists ${JSON.stringify(await logged())} (${String(e)})`);
    });
    const audits = [await http.get(auditPath).set(tenant.admin.auth).expect(200), await http.get(auditPath).set(tenant.admin.auth).expect(200)];
    expect(servers(audits)).toEqual(new Set(instanceNames));
    for (const audit of audits) expect((audit.body as Array<{ request_id: string; status: number }>).map((l) => [l.request_id, l.status]).sort()).toEqual(requestIds.map((id) => [id, 404]));
  });

  scenario('retention: a purge sent to both instances at once runs on one, the other answers 409, and nothing is purged twice', async () => {
    const tenant = await createTenant(client().http, 'Cluster Retention');
    const { http } = client();
    const { admin } = tenant;
    // A candidate inactive past the organization's retention, with a recording in storage.
    await http.patch('/api/v1/settings').set(admin.auth).send({ candidate_retention_days: 30 }).expect(200);
    const job = await createJob(http, admin);
    const stale = await createCandidate(http, admin, job.id);
    const sent = await http.post(`/api/v1/candidates/${stale.id}/send-link`).set(admin.auth).send({}).expect(200);
    const token = /#token=([A-Za-z0-9_-]+)$/.exec(sent.body.link)?.[1];
    const presign = await client().http.post('/api/v1/tokens/presign-upload').send({ token, file_name: 'a.webm', content_type: 'video/webm' }).expect(200);
    expect((await fetch(presign.body.presigned_url, { method: 'PUT', headers: { 'Content-Type': 'video/webm' }, body: randomBytes(1024) })).status).toBe(200);
    await q(`UPDATE candidates SET updated_at = now() - interval '40 days' WHERE id = $1`, [stale.id]);
    await q(`UPDATE interviews SET updated_at = now() - interval '40 days' WHERE candidate_id = $1`, [stale.id]);
    // Enough old rows, purged 10 per batch, that one run is still going when the other arrives.
    const oldLogs = 3000;
    await q(
      `INSERT INTO access_logs (tenant_id, method, route, path, status, duration_ms, request_id, created_at)
       SELECT $1, 'GET', '/x', '/x', 200, 1, 'cluster-seed', now() - interval '200 days' FROM generate_series(1, $2)`,
      [tenant.tenantId, oldLogs],
    );
    await q(
      `INSERT INTO metric_samples (tenant_id, kind, source, operation, duration_ms, success, created_at)
       SELECT $1, 'upload', 'server', 'seed', 5, true, now() - interval '40 days' FROM generate_series(1, 40)`,
      [tenant.tenantId],
    );

    const runs = await Promise.all([http.post('/api/v1/admin/retention:run').set(admin.auth), http.post('/api/v1/admin/retention:run').set(admin.auth)]);
    expect(servers(runs)).toEqual(new Set(instanceNames));
    expect(runs.map((r) => r.status).sort()).toEqual([200, 409]);
    expectError(runs.find((r) => r.status === 409)?.body, 'CONFLICT');
    const report = runs.find((r) => r.status === 200)?.body;
    expect(report.removed).toMatchObject({ access_logs: oldLogs, metric_samples: 40, candidates: 1, objects: 1 });

    expect(await count(`SELECT count(*) AS n FROM access_logs WHERE tenant_id = $1 AND request_id = 'cluster-seed'`, [tenant.tenantId])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM metric_samples WHERE tenant_id = $1 AND operation = 'seed'`, [tenant.tenantId])).toBe(0);
    await http.get(`/api/v1/candidates/${stale.id}`).set(admin.auth).expect(404);
    // Run again, on each instance: there is nothing left to remove.
    for (let i = 0; i < 2; i++) {
      const again = await http.post('/api/v1/admin/retention:run').set(admin.auth).expect(200);
      expect(again.body.removed).toEqual({ access_logs: 0, metric_samples: 0, tokens: 0, outbox: 0, candidates: 0, objects: 0 });
    }
  });

  scenario('webhooks: a signed call accepted by one instance is refused as a replay by the other', async () => {
    const tenant = await createTenant(client().http, 'Cluster Webhooks');
    const { http } = client();
    const secret: string = (await http.post('/api/v1/settings/webhook-secret:rotate').set(tenant.admin.auth).expect(200)).body.secret;
    const job = await createJob(http, tenant.admin);
    const candidate = await createCandidate(http, tenant.admin, job.id);
    const interview = await http.post('/api/v1/interviews').set(tenant.recruiter.auth).send({ candidate_id: candidate.id }).expect(201);
    const analysis = await http.post(`/api/v1/interviews/${interview.body.id}/analysis:run`).set(tenant.recruiter.auth).expect(200);

    const raw = JSON.stringify({ tenant_id: tenant.tenantId, interview_id: interview.body.id, analysis_id: analysis.body.id });
    const signature = signPayload(secret, raw, Math.floor(Date.now() / 1000));
    const caller = client().http;
    const send = () => caller.post('/api/v1/webhooks/analysis-ready').set('Content-Type', 'application/json').set('X-Hirevision-Signature', signature).send(raw);
    const accepted = await send().expect(200, { ok: true });
    const replayed = await send().expect(401);
    expect(servedBy(replayed)).not.toBe(servedBy(accepted));
    expectError(replayed.body, 'UNAUTHORIZED');
    // And on the first instance again.
    await send().expect(401);

    const [row] = await q<{ ready_at: Date | null }>('SELECT ready_at FROM interview_analyses WHERE id = $1', [analysis.body.id]);
    expect(row.ready_at).not.toBeNull();
    expect(await count(`SELECT count(*) AS n FROM outbox_messages WHERE kind = 'analysis_ready' AND subject_ref = $1`, [`candidate:${candidate.id}`])).toBe(1);
  });

  scenario(
    'a restart of every instance loses nothing shared: sessions, rate-limit counters and a queued e-mail carry over',
    async () => {
      if (!cluster) throw new Error('no cluster');
      const tenant = await createTenant(client().http, 'Cluster Restart');
      const { http } = client();
      const wrong = { email: uniqueEmail('nobody'), password: 'not the password' };
      const limited = client().http;
      for (let i = 0; i < RATE_LIMIT_AUTH; i++) await limited.post('/api/v1/auth/login').send(wrong).expect(401);
      await limited.post('/api/v1/auth/login').send(wrong).expect(429);

      // An invite whose e-mail the provider refuses for now: it waits in the outbox, retried with backoff.
      const job = await createJob(http, tenant.recruiter);
      const candidate = await createCandidate(http, tenant.recruiter, job.id);
      mailOutage.add(candidate.email);
      await http.post(`/api/v1/candidates/${candidate.id}/send-link`).set(tenant.recruiter.auth).send({}).expect(200);
      await waitFor(async () => (refusedMails.some((m) => m.to.includes(candidate.email)) ? true : undefined), 10_000);

      await cluster.stopAll();
      mailOutage.delete(candidate.email);
      await cluster.startAll();

      // Delivered once the provider is back, by one instance only.
      await waitFor(async () => (mailsTo(candidate.email).length ? true : undefined), 15_000);
      await sleep(DISPATCH_INTERVAL_MS * 6);
      expect(mailsTo(candidate.email)).toHaveLength(1);
      expect(await count(`SELECT count(*) AS n FROM outbox_messages WHERE to_address = $1 AND status = 'sent'`, [candidate.email])).toBe(1);
      // The budget spent before the restart is still spent (the counters live in Redis, not in a process).
      const stillLimited = await limited.post('/api/v1/auth/login').send(wrong).expect(429);
      expect(Number(stillLimited.headers['retry-after'])).toBeGreaterThan(0);
      // Access and refresh tokens issued before the restart still work, on both instances.
      const reads = [await http.get('/api/v1/auth/me').set(tenant.admin.auth).expect(200), await http.get('/api/v1/auth/me').set(tenant.admin.auth).expect(200)];
      expect(servers(reads)).toEqual(new Set(instanceNames));
      await client().http.post('/api/v1/auth/refresh').send({ refresh_token: tenant.recruiter.refreshToken }).expect(200);
    },
    120_000,
  );
});
