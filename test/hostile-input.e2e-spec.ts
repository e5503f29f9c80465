import { createHmac } from 'node:crypto';
import { readFileSync, statSync, existsSync } from 'node:fs';
import { connect } from 'node:net';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { AccessLogWriter } from '../src/audit/access-log.writer';
import { SecretBox } from '../src/common/secret-box';
import { loadConfig } from '../src/config/app-config';
import { EmbeddedPostgres } from '../src/database/embedded-postgres';
import { OutboxDispatcher } from '../src/mail/outbox.dispatcher';
import { createTestApp, TestApp } from './helpers/app';
import { createCandidate, createJob, createTenant, expectError, sendLink, TestTenant } from './helpers/factories';

/** Attacks confirmed against the running server; each case reproduces one and pins its fix. */
describe('hostile input', () => {
  let t: TestApp;
  let acme: TestTenant;

  beforeAll(async () => {
    t = await createTestApp();
    acme = await createTenant(t.http, 'Acme');
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  const flushAccessLog = () => t.app.get(AccessLogWriter).flush();

  describe('a known or weak JWT secret', () => {
    const composeSecret = (): string | undefined => {
      const line = readFileSync(join(__dirname, '..', 'docker-compose.yml'), 'utf8').split('\n').find((l) => /^\s*JWT_SECRET:/.test(l));
      return line?.match(/\$\{JWT_SECRET:-([^}]*)\}/)?.[1];
    };

    it('compose has no default secret to fall back to: it requires one', () => {
      const file = readFileSync(join(__dirname, '..', 'docker-compose.yml'), 'utf8');
      expect(file).toMatch(/JWT_SECRET: \$\{JWT_SECRET:\?/);
      expect(composeSecret()).toBeUndefined();
    });

    it('production refuses to start with the old compose default, placeholders and low-entropy secrets', () => {
      for (const secret of ['change-me-change-me-change-me-change-me', 'my-jwt-secret-for-production-use-ok', 'a'.repeat(64), 'abcd1234'.repeat(5)]) {
        expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: secret })).toThrow(/JWT_SECRET/);
      }
    });

    it('a token hand-made with the old default is not an admin', async () => {
      const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: acme.admin.userId, tid: acme.tenantId, typ: 'access', iat: now, exp: now + 600 })}`;
      const signature = createHmac('sha256', 'change-me-change-me-change-me-change-me').update(unsigned).digest('base64url');
      const res = await t.http.post('/api/v1/users').set('Authorization', `Bearer ${unsigned}.${signature}`).send({ email: 'forged@example.com', name: 'F', role: 'admin' });
      expect(res.status).toBe(401);
    });
  });

  describe('path spellings', () => {
    it('a mixed-case path reaches no handler, so nothing escapes the access log and tenant metrics', async () => {
      const email = `mixed.case.${Date.now()}@example.com`;
      const res = await t.http.post('/Api/V1/users').set(acme.admin.auth).send({ email, name: 'Mixed', role: 'admin' });
      expect(res.status).toBe(404);
      expectError(res.body, 'NOT_FOUND');
      const users = await t.http.get('/api/v1/users?per_page=100').set(acme.admin.auth).expect(200);
      expect(users.body.map((u: { email: string }) => u.email)).not.toContain(email);
      await t.http.get('/API/V1/JOBS').set(acme.admin.auth).expect(404);
      expectError((await t.http.get('/HEALTHZ').expect(404)).body, 'NOT_FOUND');
      expectError((await t.http.get('/no/such/route').expect(404)).body, 'NOT_FOUND');
    });

    it('a mixed-case candidate-token path stores no token anywhere', async () => {
      const job = await createJob(t.http, acme.admin);
      const candidate = await createCandidate(t.http, acme.admin, job.id);
      const { token } = await sendLink(t.http, acme.admin, candidate.id);
      await t.http.get(`/api/v1/PUBLIC/interviews/${token}`).expect(404);
      await t.http.get(`/api/v1/%70ublic/interviews/${token}`).expect(404);
      await t.http.get(`/api/v1/public/interviews/${token}/`).expect(200);
      await flushAccessLog();
      expect(JSON.stringify(await t.dataSource.query('SELECT * FROM access_logs'))).not.toContain(token);
    });

    const rawGet = async (target: string, requestId: string): Promise<number> => {
      const server = t.app.getHttpServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        return await new Promise<number>((resolve, reject) => {
          const socket = connect(port, '127.0.0.1', () => {
            socket.write(
              `GET ${target.replace('PORT', String(port))} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${acme.admin.accessToken}\r\n` +
                `X-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n`,
            );
          });
          let head = '';
          socket.on('data', (chunk) => (head += chunk.toString('latin1')));
          socket.on('end', () => resolve(Number(head.split(' ')[1])));
          socket.on('error', reject);
        });
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    };

    it('an absolute-form request target is routed and observed alike, backslashes included', async () => {
      expect(await rawGet('http://127.0.0.1:PORT/api/v1/jobs', 'absolute-form-target')).toBe(200);
      // The router reads `\` as `/` in an absolute-form target; so must every observer.
      expect(await rawGet('http://127.0.0.1:PORT/api\\v1/jobs', 'absolute-form-backslash')).toBe(200);
      expect(await rawGet('/api\\v1/jobs', 'origin-form-backslash')).toBe(404);
      await flushAccessLog();
      const rows = await t.dataSource.query(
        `SELECT request_id, path, tenant_id FROM access_logs WHERE request_id LIKE 'absolute-form-%' ORDER BY request_id`,
      );
      expect(rows).toEqual([
        { request_id: 'absolute-form-backslash', path: '/api/v1/jobs', tenant_id: acme.tenantId },
        { request_id: 'absolute-form-target', path: '/api/v1/jobs', tenant_id: acme.tenantId },
      ]);
    });
  });

  describe('the embedded engine', () => {
    it('listens on no TCP port: a socket in a directory only this user may enter, removed on stop', async () => {
      const engine = await EmbeddedPostgres.start({ maxConnections: 2 });
      const url = new URL(engine.url);
      const dir = url.searchParams.get('host') ?? '';
      try {
        expect(dir.startsWith('/')).toBe(true);
        expect(statSync(dir).mode & 0o777).toBe(0o700);
        expect(existsSync(join(dir, '.s.PGSQL.5432'))).toBe(true);
        // Nothing else of the URL names a network address to try.
        expect(engine.url).not.toMatch(/127\.0\.0\.1|:\d{2,5}\//);
        const client = new Client({ connectionString: engine.url });
        await client.connect();
        expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
        await client.end();
      } finally {
        await engine.stop();
      }
      expect(existsSync(dir)).toBe(false);
    }, 60_000);
  });

  describe('signed dev upload URLs', () => {
    const invite = async () => {
      const job = await createJob(t.http, acme.admin);
      const candidate = await createCandidate(t.http, acme.admin, job.id);
      return sendLink(t.http, acme.admin, candidate.id);
    };
    const presign = async (token: string) => {
      const res = await t.http.post('/api/v1/tokens/presign-upload').send({ token, file_name: 'a.webm', content_type: 'video/webm' }).expect(200);
      const url = new URL(res.body.presigned_url);
      return { path: `${url.pathname}${url.search}`, key: res.body.key as string };
    };
    const put = (path: string, bytes: Buffer) => t.http.put(path).set('Content-Type', 'video/webm').send(bytes);

    it('store one object: the same URL cannot overwrite it', async () => {
      const { token } = await invite();
      const { path, key } = await presign(token);
      await put(path, Buffer.alloc(32, 1)).expect(200);
      expectError((await put(path, Buffer.alloc(64, 2)).expect(409)).body, 'CONFLICT');
      expect(readFileSync(join(t.dataDir, 'uploads', key))).toEqual(Buffer.alloc(32, 1));
    });

    it('a refused write (too large) leaves the URL usable', async () => {
      const { token } = await invite();
      const { path } = await presign(token);
      await put(path, Buffer.alloc(t.config.UPLOAD_MAX_BYTES + 1)).expect(413);
      await put(path, Buffer.alloc(8, 1)).expect(200);
    });

    it('stop working when the interview is cancelled', async () => {
      const { token, interview_id } = await invite();
      const { path, key } = await presign(token);
      await t.http.patch(`/api/v1/interviews/${interview_id}`).set(acme.admin.auth).send({ status: 'cancelled' }).expect(200);
      const res = await put(path, Buffer.alloc(16, 3)).expect(409);
      expect(res.body.error.message).toMatch(/cancelled/);
      expect(existsSync(join(t.dataDir, 'uploads', key))).toBe(false);
    });
  });

  describe('links in queued e-mails', () => {
    const rows = (to: string[]) => t.dataSource.query('SELECT * FROM outbox_messages WHERE to_address = ANY($1) ORDER BY id', [to]);
    const inviteUser = async () => {
      const email = `setup.${Date.now()}.${Math.random().toString(36).slice(2)}@example.com`;
      await t.http.post('/api/v1/users').set(acme.admin.auth).send({ email, name: 'Setup', role: 'readonly' }).expect(201);
      return email;
    };

    it('are stored sealed, never in the body, and erased once sent; the provider still gets them', async () => {
      // A password-setup e-mail waits for the dispatcher's next pass.
      const invited = await inviteUser();
      const [pending] = await rows([invited]);
      expect(pending).toMatchObject({ status: 'pending', sealed_action: expect.stringMatching(/^v1\./) });
      expect(pending.text).toContain('{{hirevision:action_url}}');
      expect(JSON.stringify(pending)).not.toMatch(/#token=/);

      // An invite is sent at once after its transaction.
      const job = await createJob(t.http, acme.admin);
      const candidate = await createCandidate(t.http, acme.admin, job.id);
      const { token } = await sendLink(t.http, acme.admin, candidate.id);
      await t.app.get(OutboxDispatcher).dispatchDue();
      const sent = await rows([candidate.email, invited]);
      expect(sent.map((r: { status: string; sealed_action: string | null }) => [r.status, r.sealed_action])).toEqual([['sent', null], ['sent', null]]);
      expect(JSON.stringify(sent)).not.toContain(token);
      expect(JSON.stringify(sent)).not.toMatch(/#token=[A-Za-z0-9_-]/);

      // What was delivered carried the real links (the development inbox shows them).
      const outbox = await t.http.get('/api/v1/dev/outbox?per_page=100').set(acme.admin.auth).expect(200);
      const mailTo = (to: string) => outbox.body.find((m: { to: string }) => m.to === to);
      expect(mailTo(candidate.email).text).toContain(`#token=${token}`);
      expect(mailTo(candidate.email).html).toContain(`#token=${token}`);
      expect(mailTo(invited).text).toMatch(/set-password#token=[A-Za-z0-9_-]{40,}/);
    });

    it('a link sealed under another secret fails that message, not the dispatcher', async () => {
      const invited = await inviteUser();
      const foreign = new SecretBox('a-different-secret-a-different-secret-0123', 'outbox-action-link').seal('https://elsewhere.example/');
      await t.dataSource.query(`UPDATE outbox_messages SET sealed_action = $1, attempts = $2 WHERE to_address = $3`, [foreign, t.config.MAIL_MAX_ATTEMPTS - 1, invited]);
      await t.app.get(OutboxDispatcher).dispatchDue();
      const [row] = await rows([invited]);
      expect(row).toMatchObject({ status: 'failed', last_error: expect.stringMatching(/cannot be unsealed/), sealed_action: null });
    });
  });

  describe('prototype keys and deep nesting', () => {
    const raw = (path: string, body: string) => t.http.post(path).set(acme.admin.auth).set('Content-Type', 'application/json').send(body);

    it('are refused with the error envelope wherever they appear', async () => {
      for (const body of [
        '{"title":"Proto","__proto__":{"is_active":false}}',
        '{"title":"Proto","constructor":{"prototype":{"admin":true}}}',
        '{"title":"Proto","prototype":1}',
        '{"title":"Proto","skills":[{"__proto__":{}}]}',
      ]) {
        const res = await raw('/api/v1/jobs', body).expect(400);
        expect(expectError(res.body, 'VALIDATION_ERROR').message).toMatch(/__proto__|constructor|prototype/);
      }
      await t.http.get('/api/v1/jobs?__proto__=1').set(acme.admin.auth).expect(400);
      await t.http.get('/api/v1/jobs?constructor=1').set(acme.admin.auth).expect(400);
      await t.http.patch('/api/v1/settings').set(acme.admin.auth).set('Content-Type', 'application/json').send('{"__proto__":{"company_name":"x"}}').expect(400);
      const deep = `{"title":"Deep","skills":${'['.repeat(5000)}${']'.repeat(5000)}}`;
      expectError((await raw('/api/v1/jobs', deep).expect(400)).body, 'VALIDATION_ERROR');
      const jobs = await t.http.get('/api/v1/jobs?q=Proto').set(acme.admin.auth).expect(200);
      expect(jobs.body).toEqual([]);
    });
  });
});

describe('hostile input: an unbounded conversation', () => {
  let t: TestApp;
  let acme: TestTenant;
  const MAX = 30;

  beforeAll(async () => {
    t = await createTestApp({ MAX_MESSAGES_PER_INTERVIEW: String(MAX) });
    acme = await createTenant(t.http, 'Acme');
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it(`stops at MAX_MESSAGES_PER_INTERVIEW with 409, keeps replays idempotent, and stores nothing past it`, async () => {
    const job = await createJob(t.http, acme.admin);
    const candidate = await createCandidate(t.http, acme.admin, job.id);
    const interview = (await t.http.post('/api/v1/interviews').set(acme.admin.auth).send({ candidate_id: candidate.id }).expect(201)).body;
    const post = (n: number, content = `message ${n}`) =>
      t.http.post('/api/v1/conversation').set(acme.admin.auth).send({ interview_id: interview.id, role: n % 2 ? 'assistant' : 'user', content, sequence_number: n });
    // Concurrent posts cannot slip past the limit between its count and their insert.
    const results = await Promise.all(Array.from({ length: MAX + 10 }, (_, i) => post(i + 1)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(MAX);
    for (const r of results.filter((r) => r.status !== 201)) {
      expect(r.status).toBe(409);
      expect(expectError(r.body, 'CONFLICT').details).toEqual({ reason: 'MESSAGE_LIMIT', max_messages: MAX });
    }
    const stored = await t.dataSource.query('SELECT count(*)::int AS n FROM conversation_messages WHERE interview_id = $1', [interview.id]);
    expect(stored[0].n).toBe(MAX);
    // A retry of a stored message is still answered with that message.
    const first = results.find((r) => r.status === 201)!.body;
    const again = await post(first.sequence_number, first.content);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.id);
  });

  it('the candidate app answers 409 too when the conversation is full', async () => {
    const job = await createJob(t.http, acme.admin);
    const candidate = await createCandidate(t.http, acme.admin, job.id);
    const { token, interview_id } = await sendLink(t.http, acme.admin, candidate.id);
    const pub = `/api/v1/public/interviews/${token}`;
    await t.http.post(`${pub}/consent`).send({ accepted: true }).expect(200);
    await t.http.post(`${pub}/start`).expect(200);
    await t.dataSource.query(
      `INSERT INTO conversation_messages (tenant_id, interview_id, role, content, sequence_number)
       SELECT $1, $2, 'assistant', 'filler', 100 + g FROM generate_series(1, $3) g`,
      [acme.tenantId, interview_id, MAX - 2],
    );
    const res = await t.http.post(`${pub}/messages`).send({ content: 'An answer that does not fit.' }).expect(409);
    expect(expectError(res.body, 'CONFLICT').details).toMatchObject({ reason: 'MESSAGE_LIMIT' });
  });
});
