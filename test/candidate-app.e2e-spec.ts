import { OutboxDispatcher } from '../src/mail/outbox.dispatcher';
import { createTestApp, TestApp } from './helpers/app';
import { createCandidate, createJob, createTenant, expectError, sendLink, TestTenant } from './helpers/factories';

describe('candidate app (invite token)', () => {
  let t: TestApp;
  let acme: TestTenant;
  let jobId: number;

  beforeAll(async () => {
    t = await createTestApp({ LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent' });
    acme = await createTenant(t.http, 'Acme');
    jobId = (await createJob(t.http, acme.recruiter, { title: 'Backend Engineer', skills: ['TypeScript', 'PostgreSQL', 'Kafka'] })).id;
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  const pub = (token: string, step = '') => `/api/v1/public/interviews/${token}${step}`;

  async function invited(body: Record<string, unknown> = {}) {
    const candidate = await createCandidate(t.http, acme.recruiter, jobId, { name: 'Ada Lovelace', ...body });
    return { candidate, ...(await sendLink(t.http, acme.recruiter, candidate.id)) };
  }

  it('plays the whole interview from the e-mailed link, with uploads, and the recruiter reads it all', async () => {
    const candidate = await createCandidate(t.http, acme.recruiter, jobId, { name: 'Grace Brewster Hopper' });
    await t.http.post(`/api/v1/candidates/${candidate.id}/send-link`).set(acme.recruiter.auth).send({ ttl_hours: 48 }).expect(200);
    await t.app.get(OutboxDispatcher).dispatchDue();
    const outbox = await t.http.get('/api/v1/dev/outbox').set(acme.admin.auth).expect(200);
    const mail = outbox.body.find((m: { to: string }) => m.to === candidate.email);
    const token = /#token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1] as string;
    expect(token).toBeDefined();

    const info = await t.http.get(pub(token)).expect(200);
    expect(info.body).toEqual({
      candidate_first_name: 'Grace',
      position_title: 'Backend Engineer',
      company_name: 'Acme',
      status: 'scheduled',
      expires_at: expect.any(String),
      question_count: expect.any(Number),
      answered_count: 0,
      consent: { required: true, given: false, text_version: 'v1', given_at: null },
      human_requested: false,
    });
    expect(JSON.stringify(info.body)).not.toContain('@');
    const questionCount: number = info.body.question_count;
    expect(questionCount).toBeGreaterThanOrEqual(6);

    const consent = await t.http.post(pub(token, '/consent')).set('X-Forwarded-For', '198.51.100.7').send({ accepted: true }).expect(200);
    expect(consent.body.consent).toMatchObject({ given: true, given_at: expect.any(String) });

    const start = await t.http.post(pub(token, '/start')).expect(200);
    expect(start.body).toEqual({
      assistant_message: { id: expect.any(Number), interview_id: expect.any(Number), role: 'assistant', content: expect.stringContaining('Grace'), sequence_number: 1, timestamp: expect.any(String) },
      is_complete: false,
    });
    const interviewId: number = start.body.assistant_message.interview_id;
    const again = await t.http.post(pub(token, '/start')).expect(200);
    expect(again.body.assistant_message).toEqual(start.body.assistant_message);

    let last;
    for (let i = 0; i < questionCount; i++) {
      if (i % 2 === 0) {
        const presign = await t.http.post('/api/v1/tokens/presign-upload').send({ token, file_name: `answer-${i}.webm`, content_type: 'video/webm' }).expect(200);
        const url = new URL(presign.body.presigned_url);
        await t.http.put(`${url.pathname}${url.search}`).set('Content-Type', 'video/webm').send(Buffer.alloc(2048 + i, i)).expect(200);
        await t.http.post('/api/v1/metrics/log-upload').send({ token, kind: 'video', duration_ms: 120 + i, size_bytes: 2048 + i, success: true }).expect(200);
      }
      last = await t.http.post(pub(token, '/messages')).send({ content: `Answer number ${i + 1}: I used TypeScript and PostgreSQL for 3 years.` }).expect(200);
      expect(last.body.user_message).toMatchObject({ role: 'user', sequence_number: 2 + i * 2 });
      expect(last.body.assistant_message).toMatchObject({ role: 'assistant', sequence_number: 3 + i * 2 });
      expect(last.body.is_complete).toBe(i === questionCount - 1);
    }
    expect(last?.body.assistant_message.content).toMatch(/last question/);
    expectError((await t.http.post(pub(token, '/messages')).send({ content: 'one more' }).expect(409)).body, 'CONFLICT');

    const finalInfo = await t.http.get(pub(token)).expect(200);
    expect(finalInfo.body).toMatchObject({ status: 'completed', answered_count: questionCount });

    // The recruiter's side.
    const interview = await t.http.get(`/api/v1/interviews/${interviewId}`).set(acme.readonly.auth).expect(200);
    expect(interview.body).toMatchObject({ status: 'completed', completed_at: expect.any(String), started_at: expect.any(String), consent: { given_at: expect.any(String), text_version: 'v1', ip: expect.any(String) } });
    expect(['pending', 'ready']).toContain(interview.body.analysis_status);
    const conversation = await t.http.get(`/api/v1/conversation/${interviewId}`).set(acme.readonly.auth).expect(200);
    expect(conversation.body.map((m: { sequence_number: number }) => m.sequence_number)).toEqual(Array.from({ length: 1 + questionCount * 2 }, (_, i) => i + 1));
    expect(conversation.body.filter((m: { role: string }) => m.role === 'user')).toHaveLength(questionCount);
    await t.http.post(`/api/v1/interviews/${interviewId}/transcript`).set(acme.recruiter.auth).send({ text: 'Full transcript', provider: 'manual' }).expect(200);
    const transcript = await t.http.get(`/api/v1/interviews/${interviewId}/transcript`).set(acme.readonly.auth).expect(200);
    expect(transcript.body).toEqual({ interview_id: interviewId, text: 'Full transcript' });
    const uploads = await t.http.get(`/api/v1/interviews/${interviewId}/uploads`).set(acme.readonly.auth).expect(200);
    expect(uploads.body).toHaveLength(Math.ceil(questionCount / 2));
    expect(uploads.body[0]).toMatchObject({ kind: 'video', content_type: 'video/webm', status: 'uploaded', size_bytes: 2048 });
    const download = new URL(uploads.body[0].download_url);
    const bytes = await t.http.get(`${download.pathname}${download.search}`).buffer(true).expect(200);
    expect(bytes.headers['content-type']).toBe('video/webm');
    expect(Buffer.compare(bytes.body as Buffer, Buffer.alloc(2048, 0))).toBe(0);
    const candidateRead = await t.http.get(`/api/v1/candidates/${candidate.id}`).set(acme.readonly.auth).expect(200);
    expect(candidateRead.body.status).toBe('interviewed');
  });

  it('requires consent before start when the organization demands it, and not otherwise', async () => {
    const { token } = await invited();
    const res = await t.http.post(pub(token, '/start')).expect(409);
    expect(expectError(res.body, 'CONFLICT').details).toEqual({ reason: 'CONSENT_REQUIRED' });
    expectError((await t.http.post(pub(token, '/consent')).send({ accepted: false }).expect(400)).body, 'VALIDATION_ERROR');
    expectError((await t.http.post(pub(token, '/consent')).send({}).expect(400)).body, 'VALIDATION_ERROR');

    const relaxed = await createTenant(t.http, 'Relaxed');
    await t.dataSource.query('UPDATE tenants SET consent_required = false WHERE id = $1', [relaxed.tenantId]);
    const job = await createJob(t.http, relaxed.admin);
    const c = await createCandidate(t.http, relaxed.admin, job.id);
    const invite = await sendLink(t.http, relaxed.admin, c.id);
    await t.http.post(pub(invite.token, '/start')).expect(200);
  });

  it('fixes the questions when the link is sent: later job edits do not change a pending interview', async () => {
    const job = await createJob(t.http, acme.admin, { title: 'Data Analyst', skills: ['SQL'] });
    const candidate = await createCandidate(t.http, acme.admin, job.id);
    const { token } = await sendLink(t.http, acme.admin, candidate.id);
    await t.http.patch(`/api/v1/jobs/${job.id}`).set(acme.admin.auth).send({ title: 'Renamed Role', skills: ['Rust', 'Go', 'Kafka'] }).expect(200);
    await t.http.post(pub(token, '/consent')).send({ accepted: true }).expect(200);
    const start = await t.http.post(pub(token, '/start')).expect(200);
    expect(start.body.assistant_message.content).toContain('What draws you to the Data Analyst role');
  });

  it('refuses answers before start', async () => {
    const { token } = await invited();
    const res = await t.http.post(pub(token, '/messages')).send({ content: 'early' }).expect(409);
    expect(expectError(res.body, 'CONFLICT').details).toEqual({ reason: 'NOT_STARTED' });
  });

  it('treats a request with a repeated Idempotency-Key as a retry: same messages, nothing new', async () => {
    const { token, interview_id } = await invited();
    await t.http.post(pub(token, '/consent')).send({ accepted: true }).expect(200);
    await t.http.post(pub(token, '/start')).expect(200);
    const first = await t.http.post(pub(token, '/messages')).set('Idempotency-Key', 'answer-1').send({ content: 'Yes' }).expect(200);
    const retries = await Promise.all([1, 2, 3].map(() => t.http.post(pub(token, '/messages')).set('Idempotency-Key', 'answer-1').send({ content: 'Yes' })));
    for (const retry of retries) expect(retry.body).toEqual(first.body);
    // The same words as a new answer (another key, or none) are a new answer to the next question.
    const second = await t.http.post(pub(token, '/messages')).set('Idempotency-Key', 'answer-2').send({ content: 'Yes' }).expect(200);
    expect(second.body.user_message.sequence_number).toBe(4);
    const third = await t.http.post(pub(token, '/messages')).send({ content: 'Yes' }).expect(200);
    expect(third.body.user_message.sequence_number).toBe(6);
    const conversation = await t.http.get(`/api/v1/conversation/${interview_id}`).set(acme.admin.auth).expect(200);
    expect(conversation.body).toHaveLength(7);
    expectError((await t.http.post(pub(token, '/messages')).set('Idempotency-Key', 'bad key!').send({ content: 'x' }).expect(400)).body, 'VALIDATION_ERROR');
  });

  it('20 concurrent answers: no duplicate or missing sequence numbers, one question at a time', async () => {
    const { token, interview_id } = await invited();
    await t.http.post(pub(token, '/consent')).send({ accepted: true }).expect(200);
    await t.http.post(pub(token, '/start')).expect(200);
    const info = await t.http.get(pub(token)).expect(200);
    const questionCount: number = info.body.question_count;

    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => t.http.post(pub(token, '/messages')).send({ content: `Concurrent answer ${i}` })));
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(questionCount);
    expect(results.filter((r) => r.status !== 200).map((r) => [r.status, r.body.error?.code])).toEqual(Array.from({ length: 20 - questionCount }, () => [409, 'CONFLICT']));
    expect(ok.filter((r) => r.body.is_complete)).toHaveLength(1);

    const conversation = await t.http.get(`/api/v1/conversation/${interview_id}`).set(acme.admin.auth).expect(200);
    const sequence = conversation.body.map((m: { sequence_number: number }) => m.sequence_number);
    expect(sequence).toEqual(Array.from({ length: 1 + questionCount * 2 }, (_, i) => i + 1));
    const roles = conversation.body.map((m: { role: string }) => m.role);
    expect(roles).toEqual(['assistant', ...Array.from({ length: questionCount }, () => ['user', 'assistant']).flat()]);
    const asked = conversation.body.filter((m: { role: string }) => m.role === 'assistant').map((m: { content: string }) => m.content);
    expect(new Set(asked).size).toBe(asked.length);
  });

  it('request-human flags the interview and e-mails its recruiter once', async () => {
    const { token, interview_id, candidate } = await invited({ name: 'Help Seeker' });
    await t.http.post(pub(token, '/request-human')).expect(200, { ok: true });
    await t.http.post(pub(token, '/request-human')).expect(200);
    const interview = await t.http.get(`/api/v1/interviews/${interview_id}`).set(acme.admin.auth).expect(200);
    expect(interview.body.human_requested_at).toEqual(expect.any(String));
    const info = await t.http.get(pub(token)).expect(200);
    expect(info.body.human_requested).toBe(true);
    const mails = await t.dataSource.query(`SELECT to_address, subject FROM outbox_messages WHERE kind = 'human_request' AND subject_ref = $1`, [`candidate:${candidate.id}`]);
    expect(mails).toEqual([{ to_address: acme.recruiter.email, subject: 'Help Seeker asked to talk to a person' }]);
  });

  it('answers the same INVALID_TOKEN for unknown, expired and revoked tokens on every step', async () => {
    const expired = await invited();
    await t.dataSource.query(`UPDATE invite_tokens SET expires_at = now() - interval '1 second' WHERE interview_id = $1`, [expired.interview_id]);
    const revoked = await invited();
    await sendLink(t.http, acme.admin, revoked.candidate.id);
    const bodies = new Set<string>();
    for (const token of ['x'.repeat(43), expired.token, revoked.token, 'short', '..%2F..%2Fetc']) {
      for (const [method, step, body] of [['get', ''], ['post', '/consent', { accepted: true }], ['post', '/start'], ['post', '/messages', { content: 'x' }], ['post', '/request-human']] as const) {
        const req = method === 'get' ? t.http.get(pub(token, step)) : t.http.post(pub(token, step)).send(body ?? {});
        const res = await req;
        expect([token, step, res.status]).toEqual([token, step, 400]);
        bodies.add(JSON.stringify({ code: res.body.error.code, message: res.body.error.message }));
      }
    }
    expect([...bodies]).toEqual([JSON.stringify({ code: 'INVALID_TOKEN', message: 'The link is invalid or has expired' })]);
  });

  it('validates answers', async () => {
    const { token } = await invited();
    for (const body of [{}, { content: '' }, { content: 'x'.repeat(10_001) }, { content: 5 }, { content: 'ok', role: 'assistant' }]) {
      expectError((await t.http.post(pub(token, '/messages')).send(body).expect(400)).body, 'VALIDATION_ERROR');
    }
  });

  it('a cancelled interview closes the link', async () => {
    const { token, interview_id } = await invited();
    await t.http.patch(`/api/v1/interviews/${interview_id}`).set(acme.admin.auth).send({ status: 'cancelled' }).expect(200);
    expectError((await t.http.get(pub(token)).expect(400)).body, 'INVALID_TOKEN');
  });
});
