import { createTestApp, TestApp } from './helpers/app';
import { createCandidate, createJob, createTenant, expectError, TestTenant } from './helpers/factories';

describe('conversation and transcripts', () => {
  let t: TestApp;
  let acme: TestTenant;
  let globex: TestTenant;
  let interviewId: number;
  let theirInterviewId: number;

  async function newInterview(tenant: TestTenant): Promise<number> {
    const job = await createJob(t.http, tenant.admin);
    const candidate = await createCandidate(t.http, tenant.admin, job.id);
    return (await t.http.post('/api/v1/interviews').set(tenant.admin.auth).send({ candidate_id: candidate.id }).expect(201)).body.id;
  }

  beforeAll(async () => {
    t = await createTestApp();
    acme = await createTenant(t.http, 'Acme');
    globex = await createTenant(t.http, 'Globex');
    interviewId = await newInterview(acme);
    theirInterviewId = await newInterview(globex);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  describe('POST/GET /conversation', () => {
    it('stores messages and lists them by sequence_number with the contract shape', async () => {
      const id = await newInterview(acme);
      for (const [role, content, sequence_number] of [['user', 'second', 2], ['assistant', 'first', 1], ['assistant', 'third', 3]] as const) {
        const res = await t.http.post('/api/v1/conversation').set(acme.recruiter.auth).send({ interview_id: id, role, content, sequence_number }).expect(201);
        expect(res.body).toEqual({ id: expect.any(Number), interview_id: id, role, content, sequence_number, timestamp: expect.any(String) });
      }
      const list = await t.http.get(`/api/v1/conversation/${id}`).set(acme.readonly.auth).expect(200);
      expect(list.body.map((m: { content: string }) => m.content)).toEqual(['first', 'second', 'third']);
      expect(list.headers['x-total-count']).toBe('3');
      const page = await t.http.get(`/api/v1/conversation/${id}?per_page=2&page=2`).set(acme.readonly.auth).expect(200);
      expect(page.body.map((m: { sequence_number: number }) => m.sequence_number)).toEqual([3]);
      expect(page.headers['x-total-count']).toBe('3');
      const pastTheEnd = await t.http.get(`/api/v1/conversation/${id}?per_page=2&page=5`).set(acme.readonly.auth).expect(200);
      expect(pastTheEnd.body).toEqual([]);
      expect(pastTheEnd.headers['x-total-count']).toBe('3');
      const silent = await newInterview(acme);
      const none = await t.http.get(`/api/v1/conversation/${silent}`).set(acme.readonly.auth).expect(200);
      expect(none.body).toEqual([]);
      expect(none.headers['x-total-count']).toBe('0');
    });

    it('lists any text exactly as it was stored, the same as the message it answered when posted', async () => {
      const id = await newInterview(acme);
      const texts = ['He said "hi" \\ and left', 'line\nbreak\ttab\r\u0001\u001f', 'Çok güzel — ğüşıöç 😀 \u2028\u2029 </script>', '{"not": "json"}'];
      const posted = [];
      for (const [i, content] of texts.entries()) {
        posted.push((await t.http.post('/api/v1/conversation').set(acme.recruiter.auth).send({ interview_id: id, role: 'user', content, sequence_number: i + 1 }).expect(201)).body);
      }
      const list = await t.http.get(`/api/v1/conversation/${id}`).set(acme.readonly.auth).expect(200);
      expect(list.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(list.body).toEqual(posted);
    });

    it('is idempotent for the same message and answers 409 for different content', async () => {
      const body = { interview_id: interviewId, role: 'assistant', content: 'Hello', sequence_number: 10 };
      const first = await t.http.post('/api/v1/conversation').set(acme.admin.auth).send(body).expect(201);
      const retry = await t.http.post('/api/v1/conversation').set(acme.admin.auth).send(body).expect(200);
      expect(retry.body).toEqual(first.body);
      expectError((await t.http.post('/api/v1/conversation').set(acme.admin.auth).send({ ...body, content: 'Changed' }).expect(409)).body, 'CONFLICT');
      await t.http.post('/api/v1/conversation').set(acme.admin.auth).send({ ...body, role: 'user' }).expect(409);
      const concurrent = await Promise.all(Array.from({ length: 6 }, () => t.http.post('/api/v1/conversation').set(acme.admin.auth).send({ ...body, sequence_number: 11 })));
      expect(concurrent.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    });

    it('validates role, content length and sequence number', async () => {
      const base = { interview_id: interviewId, role: 'user', content: 'x', sequence_number: 1 };
      for (const body of [{ ...base, role: 'system' }, { ...base, content: '' }, { ...base, content: 'x'.repeat(10_001) }, { ...base, sequence_number: 0 }, { ...base, sequence_number: 1.5 }, { ...base, interview_id: 'x' }, { ...base, extra: 1 }]) {
        expectError((await t.http.post('/api/v1/conversation').set(acme.admin.auth).send(body).expect(400)).body, 'VALIDATION_ERROR');
      }
      await t.http.get('/api/v1/conversation/abc').set(acme.admin.auth).expect(400);
      // An accepted page query is remembered; a bad one is still refused after it.
      await t.http.get(`/api/v1/conversation/${interviewId}?per_page=20`).set(acme.admin.auth).expect(200);
      for (const query of ['per_page=101', 'per_page=20&page=0', 'per_page=20&extra=1', 'per_page=20&per_page=30']) {
        expectError((await t.http.get(`/api/v1/conversation/${interviewId}?${query}`).set(acme.admin.auth).expect(400)).body, 'VALIDATION_ERROR');
      }
    });

    it('answers 404 for another organization, 403 to readonly writers, 401 without a token', async () => {
      await t.http.post('/api/v1/conversation').set(acme.admin.auth).send({ interview_id: theirInterviewId, role: 'user', content: 'x', sequence_number: 1 }).expect(404);
      await t.http.get(`/api/v1/conversation/${theirInterviewId}`).set(acme.admin.auth).expect(404);
      // Also once their interview holds messages (the page query itself must not leak them).
      await t.http.post('/api/v1/conversation').set(globex.admin.auth).send({ interview_id: theirInterviewId, role: 'user', content: 'theirs', sequence_number: 1 }).expect(201);
      await t.http.get(`/api/v1/conversation/${theirInterviewId}`).set(globex.readonly.auth).expect(200);
      expectError((await t.http.get(`/api/v1/conversation/${theirInterviewId}`).set(acme.admin.auth).expect(404)).body, 'NOT_FOUND');
      await t.http.post('/api/v1/conversation').set(acme.readonly.auth).send({ interview_id: interviewId, role: 'user', content: 'x', sequence_number: 1 }).expect(403);
      await t.http.post('/api/v1/conversation').send({ interview_id: interviewId, role: 'user', content: 'x', sequence_number: 1 }).expect(401);
      await t.http.get(`/api/v1/conversation/${interviewId}`).expect(401);
    });
  });

  describe('transcripts', () => {
    it('stores, replaces and reads a transcript', async () => {
      const id = await newInterview(acme);
      await t.http.get(`/api/v1/interviews/${id}/transcript`).set(acme.admin.auth).expect(404);
      const saved = await t.http.post(`/api/v1/interviews/${id}/transcript`).set(acme.recruiter.auth).send({ text: 'First version', provider: 'manual' }).expect(200);
      expect(saved.body).toEqual({ interview_id: id, length: 13 });
      const [before] = await t.dataSource.query('SELECT created_at, updated_at FROM transcripts WHERE interview_id = $1', [id]);
      await new Promise((r) => setTimeout(r, 20));
      await t.http.post(`/api/v1/interviews/${id}/transcript`).set(acme.recruiter.auth).send({ text: 'Second version — ünïcödé', provider: 'manual' }).expect(200);
      const read = await t.http.get(`/api/v1/interviews/${id}/transcript`).set(acme.readonly.auth).expect(200);
      expect(read.body).toEqual({ interview_id: id, text: 'Second version — ünïcödé' });
      const rows = await t.dataSource.query('SELECT created_at, updated_at FROM transcripts WHERE interview_id = $1', [id]);
      expect(rows).toHaveLength(1);
      expect(rows[0].created_at.getTime()).toBe(before.created_at.getTime());
      expect(rows[0].updated_at.getTime()).toBeGreaterThan(before.updated_at.getTime());
    });

    it('validates provider and size', async () => {
      for (const body of [{ text: 'x' }, { text: 'x', provider: 'whisper' }, { text: 'x'.repeat(200_001), provider: 'manual' }, { text: 5, provider: 'manual' }]) {
        expectError((await t.http.post(`/api/v1/interviews/${interviewId}/transcript`).set(acme.admin.auth).send(body).expect(400)).body, 'VALIDATION_ERROR');
      }
    });

    it('answers 404 for another organization, 403 to readonly writers, 401 without a token', async () => {
      await t.http.post(`/api/v1/interviews/${theirInterviewId}/transcript`).set(acme.admin.auth).send({ text: 'x', provider: 'manual' }).expect(404);
      await t.http.get(`/api/v1/interviews/${theirInterviewId}/transcript`).set(acme.admin.auth).expect(404);
      await t.http.post(`/api/v1/interviews/${interviewId}/transcript`).set(acme.readonly.auth).send({ text: 'x', provider: 'manual' }).expect(403);
      await t.http.post(`/api/v1/interviews/${interviewId}/transcript`).send({ text: 'x', provider: 'manual' }).expect(401);
      await t.http.get(`/api/v1/interviews/${interviewId}/transcript`).expect(401);
    });
  });
});
