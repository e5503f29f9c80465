import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MetricsRecorder } from '../src/metrics/metrics-recorder';
import { MediaStorage } from '../src/uploads/storage/media-storage';
import { createTestApp, TestApp } from './helpers/app';
import { createCandidate, createJob, createTenant, expectError, sendLink, TestTenant } from './helpers/factories';

/** Uploads without S3: presigned URLs point at this API's /dev-upload, files land under DATA_DIR. */
describe('media uploads (dev storage) and upload reports', () => {
  let t: TestApp;
  let acme: TestTenant;
  let globex: TestTenant;
  let jobId: number;

  beforeAll(async () => {
    t = await createTestApp({ UPLOAD_MAX_BYTES: '65536', PUBLIC_URL: 'http://api.test' });
    acme = await createTenant(t.http, 'Acme');
    globex = await createTenant(t.http, 'Globex');
    jobId = (await createJob(t.http, acme.admin)).id;
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  const invite = async (tenant = acme, job = jobId) => {
    const candidate = await createCandidate(t.http, tenant.admin, job);
    return { candidate, ...(await sendLink(t.http, tenant.admin, candidate.id)) };
  };
  const presign = (token: string, body: Record<string, unknown> = {}) =>
    t.http.post('/api/v1/tokens/presign-upload').send({ token, file_name: 'answer.webm', content_type: 'video/webm', ...body });
  const local = (url: string) => {
    const u = new URL(url);
    expect(u.origin).toBe('http://api.test');
    return `${u.pathname}${u.search}`;
  };

  it('issues a server-made key whatever the file name says', async () => {
    const { token, interview_id } = await invite();
    for (const file_name of ['../../../etc/passwd', '..\\..\\win.ini', '/abs/path.webm', 'x'.repeat(255), 'ok.webm']) {
      const res = await presign(token, { file_name }).expect(200);
      expect(res.body.key).toMatch(new RegExp(`^${acme.tenantId}/${interview_id}/[0-9a-f-]{36}\\.webm$`));
      expect(res.body.url).toBe(`http://api.test/dev-upload/${res.body.key}`);
      expect(res.body.presigned_url).toContain(`/dev-upload/${res.body.key}?`);
      expect(res.body.presigned_url).not.toContain('passwd');
    }
    const audio = await presign(token, { content_type: 'audio/mpeg' }).expect(200);
    expect(audio.body.key).toMatch(/\.mp3$/);
  });

  it('refuses a content type outside the allow-list, a bad token and bad input', async () => {
    const { token } = await invite();
    for (const content_type of ['image/png', 'text/html', 'application/octet-stream', 'video/x-msvideo']) {
      expectError((await presign(token, { content_type }).expect(415)).body, 'UNSUPPORTED_MEDIA_TYPE');
    }
    expectError((await presign('not-a-token').expect(400)).body, 'INVALID_TOKEN');
    for (const body of [{ token }, { token, content_type: 'video/webm' }, { token, file_name: '', content_type: 'video/webm' }, { token, file_name: 'a', content_type: 'video/webm', key: 'mine' }]) {
      expectError((await t.http.post('/api/v1/tokens/presign-upload').send(body).expect(400)).body, 'VALIDATION_ERROR');
    }
  });

  it('stores a signed PUT under DATA_DIR and serves it back to a signed URL or a recruiter', async () => {
    const { token, interview_id } = await invite();
    const res = await presign(token, { content_type: 'audio/ogg' }).expect(200);
    const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 256));
    const put = await t.http.put(local(res.body.presigned_url)).set('Content-Type', 'audio/ogg').send(bytes).expect(200);
    expect(put.body).toEqual({ key: res.body.key, size_bytes: 5000 });
    expect(existsSync(join(t.dataDir, 'uploads', res.body.key))).toBe(true);

    const list = await t.http.get(`/api/v1/interviews/${interview_id}/uploads`).set(acme.readonly.auth).expect(200);
    expect(list.body).toEqual([
      { id: expect.any(Number), key: res.body.key, kind: 'audio', content_type: 'audio/ogg', size_bytes: 5000, status: 'uploaded', created_at: expect.any(String), uploaded_at: expect.any(String), download_url: expect.any(String) },
    ]);
    const signed = await t.http.get(local(list.body[0].download_url)).buffer(true).expect(200);
    expect(Buffer.compare(signed.body as Buffer, bytes)).toBe(0);
    // A recruiter app on another origin may load it into a media element.
    expect(signed.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const recruiter = await t.http.get(`/dev-upload/${res.body.key}`).set(acme.recruiter.auth).buffer(true).expect(200);
    expect(recruiter.headers['content-type']).toBe('audio/ogg');
    await t.http.get(`/dev-upload/${res.body.key}`).set(globex.admin.auth).expect(404);
    await t.http.get(`/dev-upload/${res.body.key}`).expect(403);
  });

  it('refuses tampered, expired and wrong-type uploads, and bodies over the limit', async () => {
    const { token } = await invite();
    const { body } = await presign(token).expect(200);
    const url = new URL(body.presigned_url);
    const tamper = (param: string, value: string) => {
      const u = new URL(url);
      u.searchParams.set(param, value);
      return `${u.pathname}${u.search}`;
    };
    const data = Buffer.alloc(100, 1);
    expectError((await t.http.put(tamper('signature', '0'.repeat(64))).set('Content-Type', 'video/webm').send(data).expect(403)).body, 'FORBIDDEN');
    await t.http.put(tamper('expires', String(Number(url.searchParams.get('expires')) + 3600))).set('Content-Type', 'video/webm').send(data).expect(403);
    await t.http.put(tamper('content_type', 'video/mp4')).set('Content-Type', 'video/mp4').send(data).expect(403);
    const otherKey = body.key.replace(/[0-9a-f]{8}-/, '00000000-');
    await t.http.put(`/dev-upload/${otherKey}${url.search}`).set('Content-Type', 'video/webm').send(data).expect(403);
    await t.http.put(`/dev-upload/../../etc/passwd${url.search}`).set('Content-Type', 'video/webm').send(data).expect((r) => expect([403, 404]).toContain(r.status));
    await t.http.put(`/dev-upload/${encodeURIComponent('../../x')}${url.search}`).set('Content-Type', 'video/webm').send(data).expect(403);
    expectError((await t.http.put(`${url.pathname}${url.search}`).set('Content-Type', 'audio/wav').send(data).expect(415)).body, 'UNSUPPORTED_MEDIA_TYPE');
    expectError((await t.http.put(`${url.pathname}${url.search}`).set('Content-Type', 'video/webm').send(Buffer.alloc(65537)).expect(413)).body, 'PAYLOAD_TOO_LARGE');

    // Expired: sign a URL that is already past its time.
    const expiredRes = await presign(token).expect(200);
    const expired = new URL(expiredRes.body.presigned_url);
    const storage = t.app.get(MediaStorage);
    const past = await storage.presignPut(expiredRes.body.key, 'video/webm', -10);
    const pastUrl = new URL(past.url);
    const res = await t.http.put(`${pastUrl.pathname}${pastUrl.search}`).set('Content-Type', 'video/webm').send(data).expect(403);
    expect(res.body.error.message).toMatch(/expired/);
    expect(expired.pathname).toBe(pastUrl.pathname);

    await t.http.put(`${url.pathname}${url.search}`).set('Content-Type', 'video/webm').send(data).expect(200);
  });

  it('lists uploads only for the organization: 404 across, 401 without a token', async () => {
    const theirJob = await createJob(t.http, globex.admin);
    const theirs = await invite(globex, theirJob.id);
    await t.http.get(`/api/v1/interviews/${theirs.interview_id}/uploads`).set(acme.admin.auth).expect(404);
    await t.http.get(`/api/v1/interviews/${theirs.interview_id}/uploads`).expect(401);
    await t.http.get(`/api/v1/interviews/${theirs.interview_id}/uploads?per_page=500`).set(globex.admin.auth).expect(400);
  });

  it("erasing the candidate deletes their stored objects", async () => {
    const { token, candidate } = await invite();
    const { body } = await presign(token).expect(200);
    await t.http.put(local(body.presigned_url)).set('Content-Type', 'video/webm').send(Buffer.alloc(10, 7)).expect(200);
    const file = join(t.dataDir, 'uploads', body.key);
    expect(existsSync(file)).toBe(true);
    await t.http.delete(`/api/v1/candidates/${candidate.id}`).set(acme.admin.auth).expect(204);
    expect(existsSync(file)).toBe(false);
    const rows = await t.dataSource.query('SELECT count(*)::int AS n FROM media_uploads WHERE key = $1', [body.key]);
    expect(rows[0].n).toBe(0);
  });

  describe('POST /metrics/log-upload', () => {
    it('stores a sample for a candidate token or a recruiter token', async () => {
      const { token, interview_id } = await invite();
      await t.http.post('/api/v1/metrics/log-upload').send({ token, kind: 'audio', duration_ms: 812.6, size_bytes: 1024, success: true }).expect(200, { ok: true });
      await t.http.post('/api/v1/metrics/log-upload').set(acme.recruiter.auth).send({ interview_id, kind: 'video', duration_ms: 0, success: false }).expect(200);
      await t.app.get(MetricsRecorder).flush();
      const rows = await t.dataSource.query('SELECT tenant_id, kind, source, operation, duration_ms, success, size_bytes, interview_id FROM metric_samples WHERE interview_id = $1 ORDER BY id', [interview_id]);
      expect(rows).toEqual([
        { tenant_id: acme.tenantId, kind: 'upload', source: 'client', operation: 'client-audio', duration_ms: 813, success: true, size_bytes: '1024', interview_id },
        { tenant_id: acme.tenantId, kind: 'upload', source: 'client', operation: 'client-video', duration_ms: 0, success: false, size_bytes: null, interview_id },
      ]);
    });

    it('validates and authorizes', async () => {
      const { token, interview_id } = await invite();
      for (const body of [{ token, kind: 'image', duration_ms: 1, success: true }, { token, kind: 'audio', duration_ms: -1, success: true }, { token, kind: 'audio', duration_ms: 'fast', success: true }, { token, kind: 'audio', duration_ms: 1 }, { token, kind: 'audio', duration_ms: 1, success: true, size_bytes: -5 }, { token, kind: 'audio', duration_ms: 1, success: true, tenant_id: 1 }]) {
        expectError((await t.http.post('/api/v1/metrics/log-upload').send(body).expect(400)).body, 'VALIDATION_ERROR');
      }
      expectError((await t.http.post('/api/v1/metrics/log-upload').send({ kind: 'audio', duration_ms: 1, success: true }).expect(401)).body, 'UNAUTHORIZED');
      expectError((await t.http.post('/api/v1/metrics/log-upload').send({ token: 'bogus', kind: 'audio', duration_ms: 1, success: true }).expect(400)).body, 'INVALID_TOKEN');
      await t.http.post('/api/v1/metrics/log-upload').set(acme.readonly.auth).send({ kind: 'audio', duration_ms: 1, success: true }).expect(403);
      const theirJob = await createJob(t.http, globex.admin);
      const theirs = await invite(globex, theirJob.id);
      await t.http.post('/api/v1/metrics/log-upload').set(acme.admin.auth).send({ interview_id: theirs.interview_id, kind: 'audio', duration_ms: 1, success: true }).expect(404);
      await t.http.post('/api/v1/metrics/log-upload').send({ token, interview_id: theirs.interview_id, kind: 'audio', duration_ms: 1, success: true }).expect(404);
      await t.http.post('/api/v1/metrics/log-upload').send({ token, interview_id, kind: 'audio', duration_ms: 1, success: true }).expect(200);
    });
  });
});
