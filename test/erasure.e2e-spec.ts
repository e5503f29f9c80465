import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AccessLogWriter } from '../src/audit/access-log.writer';
import { MetricsRecorder } from '../src/metrics/metrics-recorder';
import { OutboxDispatcher } from '../src/mail/outbox.dispatcher';
import { signPayload } from '../src/webhooks/signature';
import { createTestApp, TestApp } from './helpers/app';
import { createJob, createTenant, TestTenant } from './helpers/factories';
import { completeInterview, waitFor } from './helpers/interview';
import { startStubServer, StubServer } from './helpers/stub-server';

/** Erasure leaves nothing of the candidate in any table or in storage. */
describe('candidate erasure', () => {
  let receiver: StubServer;
  let t: TestApp;
  let acme: TestTenant;

  beforeAll(async () => {
    receiver = await startStubServer();
    receiver.handle((_req, res) => res.writeHead(500).end());
    t = await createTestApp({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
    acme = await createTenant(t.http, 'Acme');
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  it('removes every trace: rows in every table that mention the candidate, and stored objects', async () => {
    const secret = (await t.http.post('/api/v1/settings/webhook-secret:rotate').set(acme.admin.auth).expect(200)).body.secret;
    await t.http.patch('/api/v1/settings').set(acme.admin.auth).send({ webhook_url: `${receiver.url}/hook` }).expect(200);
    const job = await createJob(t.http, acme.admin, { title: 'Backend Engineer' });
    const { interviewId, candidateId, token } = await completeInterview(t.http, acme.recruiter, job.id);
    const candidate = (await t.http.get(`/api/v1/candidates/${candidateId}`).set(acme.admin.auth).expect(200)).body;
    await t.http.patch(`/api/v1/candidates/${candidateId}`).set(acme.admin.auth).send({ name: 'Zebulon Quartermaine', phone: '+90 555 000 11 22', resume_text: 'Zebulon CV text' }).expect(200);

    // Everything that can exist about a candidate.
    const presign = await t.http.post('/api/v1/tokens/presign-upload').send({ token, file_name: 'a.webm', content_type: 'video/webm' }).expect(200);
    const url = new URL(presign.body.presigned_url);
    await t.http.put(`${url.pathname}${url.search}`).set('Content-Type', 'video/webm').send(Buffer.alloc(128, 3)).expect(200);
    await t.http.post('/api/v1/metrics/log-upload').send({ token, kind: 'video', duration_ms: 50, success: true }).expect(200);
    await t.http.post(`/api/v1/public/interviews/${token}/request-human`).expect(200);
    await t.http.post(`/api/v1/interviews/${interviewId}/transcript`).set(acme.admin.auth).send({ text: 'Zebulon said hello', provider: 'manual' }).expect(200);
    const analysis = await waitFor(async () => {
      const res = await t.http.get(`/api/v1/interviews/${interviewId}/analysis`).set(acme.admin.auth);
      return res.status === 200 ? res.body : undefined;
    });
    const body = JSON.stringify({ tenant_id: acme.tenantId, interview_id: interviewId, analysis_id: analysis.id });
    await t.http.post('/api/v1/webhooks/analysis-ready').set('Content-Type', 'application/json').set('X-Hirevision-Signature', signPayload(secret, body, Math.floor(Date.now() / 1000))).send(body).expect(200);
    await t.app.get(OutboxDispatcher).dispatchDue();
    await t.app.get(MetricsRecorder).flush();
    await t.app.get(AccessLogWriter).flush();
    const file = join(t.dataDir, 'uploads', presign.body.key);
    expect(existsSync(file)).toBe(true);

    const markers = [candidate.email, 'Zebulon', 'Quartermaine', '555 000 11 22'];
    const columns: Array<{ table_name: string; column_name: string; data_type: string }> = await t.dataSource.query(
      `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, column_name`,
    );
    const textual = columns.filter((c) => ['text', 'character varying', 'character', 'jsonb'].includes(c.data_type));
    const scan = async () => {
      const found: string[] = [];
      for (const c of textual) {
        for (const marker of markers) {
          const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM "${c.table_name}" WHERE "${c.column_name}"::text ILIKE $1`, [`%${marker}%`]);
          if (n) found.push(`${c.table_name}.${c.column_name} ~ ${marker}`);
        }
      }
      for (const c of columns.filter((col) => col.column_name === 'candidate_id')) {
        const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM "${c.table_name}" WHERE candidate_id = $1`, [candidateId]);
        if (n) found.push(`${c.table_name}.candidate_id = ${candidateId}`);
      }
      for (const c of columns.filter((col) => col.column_name === 'interview_id')) {
        const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM "${c.table_name}" WHERE interview_id = $1`, [interviewId]);
        if (n) found.push(`${c.table_name}.interview_id = ${interviewId}`);
      }
      for (const c of columns.filter((col) => col.column_name === 'subject_ref')) {
        const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM "${c.table_name}" WHERE subject_ref = $1`, [`candidate:${candidateId}`]);
        if (n) found.push(`${c.table_name}.subject_ref`);
      }
      const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM candidates WHERE id = $1', [candidateId]);
      if (n) found.push('candidates.id');
      return found;
    };

    // The scan sees the candidate before erasure (so it would notice a leftover)…
    const before = await scan();
    for (const table of ['candidates', 'interviews', 'invite_tokens', 'conversation_messages', 'transcripts', 'interview_analyses', 'media_uploads', 'outbox_messages', 'webhook_deliveries', 'metric_samples']) {
      expect(before.some((f) => f.startsWith(`${table}.`))).toBe(true);
    }

    await t.http.delete(`/api/v1/candidates/${candidateId}`).set(acme.admin.auth).expect(204);

    // …and nothing after.
    expect(await scan()).toEqual([]);
    expect(existsSync(file)).toBe(false);
    const interviewDir = join(t.dataDir, 'uploads', String(acme.tenantId), String(interviewId));
    expect(existsSync(interviewDir) ? readdirSync(interviewDir) : []).toEqual([]);
    expect((await t.http.post(`/api/v1/tokens/verify?token=${token}`).expect(400)).body.error.code).toBe('INVALID_TOKEN');
  }, 60_000);
});
