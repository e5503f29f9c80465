import { OutboxDispatcher } from '../src/mail/outbox.dispatcher';
import { createTestApp, TestApp } from './helpers/app';
import { createCandidate, createJob, createTenant, expectError, sendLink, TestTenant } from './helpers/factories';

describe('interviews and invite links', () => {
  let t: TestApp;
  let acme: TestTenant;
  let globex: TestTenant;
  let jobId: number;

  beforeAll(async () => {
    t = await createTestApp();
    acme = await createTenant(t.http, 'Acme');
    globex = await createTenant(t.http, 'Globex');
    jobId = (await createJob(t.http, acme.admin, { title: 'Data Engineer' })).id;
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  describe('POST /candidates/:id/send-link', () => {
    it('creates the interview, a 168-hour link by default, and an outbox e-mail with name, company and expiry', async () => {
      const candidate = await createCandidate(t.http, acme.admin, jobId, { name: 'Ada Lovelace' });
      const before = Date.now();
      const res = await t.http.post(`/api/v1/candidates/${candidate.id}/send-link`).set(acme.recruiter.auth).send({}).expect(200);
      expect(res.body).toEqual({ candidate_id: candidate.id, interview_id: expect.any(Number), expires_at: expect.any(String), link: expect.stringMatching(/^http:\/\/localhost:5173\/interview#token=[A-Za-z0-9_-]{43}$/), email_status: 'queued' });
      const ttl = new Date(res.body.expires_at).getTime() - before;
      expect(Math.abs(ttl - 168 * 3600_000)).toBeLessThan(60_000);

      const token = res.body.link.split('#token=')[1];
      const stored = await t.dataSource.query('SELECT token_hash FROM invite_tokens WHERE interview_id = $1', [res.body.interview_id]);
      expect(stored).toHaveLength(1);
      expect(stored[0].token_hash).not.toContain(token);
      expect(JSON.stringify(stored)).not.toContain(token);

      await t.app.get(OutboxDispatcher).dispatchDue();
      const outbox = await t.http.get('/api/v1/dev/outbox').set(acme.admin.auth).expect(200);
      const mail = outbox.body.find((m: { to: string }) => m.to === candidate.email);
      expect(mail).toMatchObject({ kind: 'invite', status: 'sent', subject: 'Your interview for Data Engineer at Acme' });
      for (const body of [mail.text, mail.html]) {
        expect(body).toContain('Ada Lovelace');
        expect(body).toContain('Acme');
        expect(body).toContain(res.body.expires_at.slice(0, 10));
        expect(body).toContain(token);
      }
      const interview = await t.http.get(`/api/v1/interviews/${res.body.interview_id}`).set(acme.readonly.auth).expect(200);
      expect(interview.body).toMatchObject({ status: 'scheduled', candidate_id: candidate.id, job_id: jobId, expires_at: res.body.expires_at });
      const reread = await t.http.get(`/api/v1/candidates/${candidate.id}`).set(acme.readonly.auth).expect(200);
      expect(reread.body.status).toBe('invited');
    });

    it('re-issuing with a new TTL reuses the interview and kills the previous link', async () => {
      const candidate = await createCandidate(t.http, acme.admin, jobId);
      const first = await sendLink(t.http, acme.admin, candidate.id, { ttl_hours: 24 });
      const second = await sendLink(t.http, acme.admin, candidate.id, { ttl_hours: 2 });
      expect(second.interview_id).toBe(first.interview_id);
      expect(new Date(second.expires_at).getTime()).toBeLessThan(new Date(first.expires_at).getTime());
      expectError((await t.http.post(`/api/v1/tokens/verify?token=${first.token}`).expect(400)).body, 'INVALID_TOKEN');
      await t.http.post(`/api/v1/tokens/verify?token=${second.token}`).expect(200);
      const explicit = await sendLink(t.http, acme.admin, candidate.id, { interview_id: first.interview_id, ttl_hours: 720 });
      expect(explicit.interview_id).toBe(first.interview_id);
    });

    it('validates ttl_hours and interview_id', async () => {
      const candidate = await createCandidate(t.http, acme.admin, jobId);
      for (const body of [{ ttl_hours: 0 }, { ttl_hours: 721 }, { ttl_hours: 1.5 }, { ttl_hours: '24' }, { interview_id: 'x' }, { token: 'mine' }]) {
        expectError((await t.http.post(`/api/v1/candidates/${candidate.id}/send-link`).set(acme.admin.auth).send(body).expect(400)).body, 'VALIDATION_ERROR');
      }
      const other = await createCandidate(t.http, acme.admin, jobId);
      const theirs = await sendLink(t.http, acme.admin, other.id);
      await t.http.post(`/api/v1/candidates/${candidate.id}/send-link`).set(acme.admin.auth).send({ interview_id: theirs.interview_id }).expect(404);
    });

    it('answers 404 across organizations, 403 to readonly, 401 without a token', async () => {
      const theirJob = await createJob(t.http, globex.admin);
      const theirs = await createCandidate(t.http, globex.admin, theirJob.id);
      await t.http.post(`/api/v1/candidates/${theirs.id}/send-link`).set(acme.admin.auth).send({}).expect(404);
      const mine = await createCandidate(t.http, acme.admin, jobId);
      await t.http.post(`/api/v1/candidates/${mine.id}/send-link`).set(acme.readonly.auth).send({}).expect(403);
      await t.http.post(`/api/v1/candidates/${mine.id}/send-link`).send({}).expect(401);
    });
  });

  describe('POST /tokens/verify', () => {
    it('returns the candidate and sets used_at on the first verification only', async () => {
      const candidate = await createCandidate(t.http, acme.admin, jobId);
      const invite = await sendLink(t.http, acme.admin, candidate.id);
      const usedAt = async () => (await t.dataSource.query('SELECT used_at FROM invite_tokens WHERE interview_id = $1', [invite.interview_id]))[0].used_at;

      const peek = await t.http.post(`/api/v1/tokens/verify?token=${invite.token}&mark_used=false`).expect(200);
      expect(peek.body).toMatchObject({ id: candidate.id, email: candidate.email, job_id: jobId });
      expect(await usedAt()).toBeNull();

      await t.http.post(`/api/v1/tokens/verify?token=${invite.token}`).expect(200);
      const first = await usedAt();
      expect(first).not.toBeNull();
      await t.http.post(`/api/v1/tokens/verify?token=${invite.token}`).expect(200);
      expect((await usedAt()).getTime()).toBe(first.getTime());
    });

    it('answers the same INVALID_TOKEN for unknown, expired, revoked and erased tokens', async () => {
      const candidate = await createCandidate(t.http, acme.admin, jobId);
      const expired = await sendLink(t.http, acme.admin, candidate.id, { ttl_hours: 1 });
      await t.dataSource.query(`UPDATE invite_tokens SET expires_at = now() - interval '1 minute' WHERE interview_id = $1`, [expired.interview_id]);
      await t.dataSource.query(`UPDATE interviews SET expires_at = now() - interval '1 minute' WHERE id = $1`, [expired.interview_id]);

      const other = await createCandidate(t.http, acme.admin, jobId);
      const revoked = await sendLink(t.http, acme.admin, other.id);
      await sendLink(t.http, acme.admin, other.id);

      const erasedCandidate = await createCandidate(t.http, acme.admin, jobId);
      const erased = await sendLink(t.http, acme.admin, erasedCandidate.id);
      await t.http.delete(`/api/v1/candidates/${erasedCandidate.id}`).set(acme.admin.auth).expect(204);

      const answers = [];
      for (const token of ['unknown-token', expired.token, revoked.token, erased.token]) {
        const res = await t.http.post(`/api/v1/tokens/verify?token=${token}`).expect(400);
        answers.push({ code: res.body.error.code, message: res.body.error.message });
      }
      expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
      expect(answers[0].code).toBe('INVALID_TOKEN');

      const interview = await t.http.get(`/api/v1/interviews/${expired.interview_id}`).set(acme.admin.auth).expect(200);
      expect(interview.body.status).toBe('expired');
      const expiredList = await t.http.get(`/api/v1/interviews?status=expired&candidate_id=${candidate.id}`).set(acme.admin.auth).expect(200);
      expect(expiredList.body.map((i: { id: number }) => i.id)).toEqual([expired.interview_id]);
      const scheduled = await t.http.get(`/api/v1/interviews?status=scheduled&candidate_id=${candidate.id}`).set(acme.admin.auth).expect(200);
      expect(scheduled.body).toEqual([]);
    });

    it('validates the query', async () => {
      await t.http.post('/api/v1/tokens/verify').expect(400);
      await t.http.post('/api/v1/tokens/verify?token=abc&mark_used=perhaps').expect(400);
      await t.http.post(`/api/v1/tokens/verify?token=${'x'.repeat(201)}`).expect(400);
    });
  });

  describe('interviews', () => {
    it('creates, lists with filters, reads and cancels; a cancelled interview kills its link', async () => {
      const tenant = await createTenant(t.http, 'Interviews');
      const j1 = await createJob(t.http, tenant.admin, { title: 'J1' });
      const j2 = await createJob(t.http, tenant.admin, { title: 'J2' });
      const c1 = await createCandidate(t.http, tenant.admin, j1.id);
      const c2 = await createCandidate(t.http, tenant.admin, j2.id);

      const i1 = await t.http.post('/api/v1/interviews').set(tenant.recruiter.auth).send({ candidate_id: c1.id }).expect(201);
      expect(i1.body).toMatchObject({ candidate_id: c1.id, job_id: j1.id, status: 'scheduled', expires_at: null });
      expectError((await t.http.post('/api/v1/interviews').set(tenant.recruiter.auth).send({ candidate_id: c1.id }).expect(409)).body, 'CONFLICT');
      const i2 = await t.http.post('/api/v1/interviews').set(tenant.recruiter.auth).send({ candidate_id: c2.id }).expect(201);

      const all = await t.http.get('/api/v1/interviews').set(tenant.readonly.auth).expect(200);
      expect(all.body.map((i: { id: number }) => i.id)).toEqual([i2.body.id, i1.body.id]);
      expect(all.headers['x-total-count']).toBe('2');
      const byJob = await t.http.get(`/api/v1/interviews?job_id=${j1.id}`).set(tenant.readonly.auth).expect(200);
      expect(byJob.body.map((i: { id: number }) => i.id)).toEqual([i1.body.id]);
      const byCandidate = await t.http.get(`/api/v1/interviews?candidate_id=${c2.id}`).set(tenant.readonly.auth).expect(200);
      expect(byCandidate.body.map((i: { id: number }) => i.id)).toEqual([i2.body.id]);

      const invite = await sendLink(t.http, tenant.admin, c1.id, { interview_id: i1.body.id });
      const cancelled = await t.http.patch(`/api/v1/interviews/${i1.body.id}`).set(tenant.recruiter.auth).send({ status: 'cancelled' }).expect(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelled_at: expect.any(String) });
      expectError((await t.http.post(`/api/v1/tokens/verify?token=${invite.token}`).expect(400)).body, 'INVALID_TOKEN');
      expectError((await t.http.patch(`/api/v1/interviews/${i1.body.id}`).set(tenant.recruiter.auth).send({ status: 'cancelled' }).expect(409)).body, 'CONFLICT');
      await t.http.post(`/api/v1/candidates/${c1.id}/send-link`).set(tenant.admin.auth).send({ interview_id: i1.body.id }).expect(409);
      const byStatus = await t.http.get('/api/v1/interviews?status=cancelled').set(tenant.readonly.auth).expect(200);
      expect(byStatus.body.map((i: { id: number }) => i.id)).toEqual([i1.body.id]);
      // After cancelling, a new interview may be created.
      await t.http.post('/api/v1/interviews').set(tenant.recruiter.auth).send({ candidate_id: c1.id }).expect(201);
    });

    it('validates input and refuses status changes other than cancel', async () => {
      const candidate = await createCandidate(t.http, acme.admin, jobId);
      const created = await t.http.post('/api/v1/interviews').set(acme.admin.auth).send({ candidate_id: candidate.id }).expect(201);
      for (const body of [{}, { candidate_id: 'x' }, { candidate_id: candidate.id, status: 'completed' }]) {
        await t.http.post('/api/v1/interviews').set(acme.admin.auth).send(body).expect(400);
      }
      for (const body of [{ status: 'completed' }, { status: 'in_progress' }, {}, { status: 'cancelled', job_id: 2 }]) {
        await t.http.patch(`/api/v1/interviews/${created.body.id}`).set(acme.admin.auth).send(body).expect(400);
      }
      await t.http.get('/api/v1/interviews?status=done').set(acme.admin.auth).expect(400);
      await t.http.get('/api/v1/interviews?job_id=-3').set(acme.admin.auth).expect(400);
    });

    it('answers 404 across organizations, 403 to readonly writers, 401 without a token', async () => {
      const theirJob = await createJob(t.http, globex.admin);
      const theirCandidate = await createCandidate(t.http, globex.admin, theirJob.id);
      const theirs = await t.http.post('/api/v1/interviews').set(globex.admin.auth).send({ candidate_id: theirCandidate.id }).expect(201);
      await t.http.post('/api/v1/interviews').set(acme.admin.auth).send({ candidate_id: theirCandidate.id }).expect(404);
      await t.http.get(`/api/v1/interviews/${theirs.body.id}`).set(acme.admin.auth).expect(404);
      await t.http.patch(`/api/v1/interviews/${theirs.body.id}`).set(acme.admin.auth).send({ status: 'cancelled' }).expect(404);
      const list = await t.http.get(`/api/v1/interviews?candidate_id=${theirCandidate.id}`).set(acme.admin.auth).expect(200);
      expect(list.body).toEqual([]);

      const mine = await createCandidate(t.http, acme.admin, jobId);
      await t.http.post('/api/v1/interviews').set(acme.readonly.auth).send({ candidate_id: mine.id }).expect(403);
      const created = await t.http.post('/api/v1/interviews').set(acme.admin.auth).send({ candidate_id: mine.id }).expect(201);
      await t.http.patch(`/api/v1/interviews/${created.body.id}`).set(acme.readonly.auth).send({ status: 'cancelled' }).expect(403);
      await t.http.get('/api/v1/interviews').expect(401);
      await t.http.get(`/api/v1/interviews/${created.body.id}`).expect(401);
      await t.http.post('/api/v1/interviews').send({ candidate_id: mine.id }).expect(401);
      await t.http.patch(`/api/v1/interviews/${created.body.id}`).send({ status: 'cancelled' }).expect(401);
    });
  });
});
