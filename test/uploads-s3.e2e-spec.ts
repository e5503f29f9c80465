import { randomBytes } from 'node:crypto';
import { createTestApp, TestApp } from './helpers/app';
import { createCandidate, createJob, createTenant, sendLink, TestTenant } from './helpers/factories';
import { LocalS3, startLocalS3 } from './helpers/s3';

/** Uploads with S3_BUCKET set, against a real S3-compatible server started for this file. */
describe('media uploads on S3', () => {
  let s3: LocalS3;
  let t: TestApp;
  let acme: TestTenant;
  let jobId: number;

  beforeAll(async () => {
    s3 = await startLocalS3();
    t = await createTestApp(s3.env);
    acme = await createTenant(t.http, 'Acme');
    jobId = (await createJob(t.http, acme.admin)).id;
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await s3?.stop();
  });

  it('presigns a PUT to S3; the upload is listed with its size, readable, and deleted on erasure', async () => {
    const candidate = await createCandidate(t.http, acme.admin, jobId);
    const { token, interview_id } = await sendLink(t.http, acme.admin, candidate.id);
    const presign = await t.http.post('/api/v1/tokens/presign-upload').send({ token, file_name: '../../evil.webm', content_type: 'video/webm' }).expect(200);
    const { presigned_url, url, key } = presign.body;
    expect(key).toMatch(new RegExp(`^${acme.tenantId}/${interview_id}/[0-9a-f-]{36}\\.webm$`));
    expect(presigned_url.startsWith(`${s3.endpoint}/${s3.bucket}/${key}?`)).toBe(true);
    expect(new URL(presigned_url).searchParams.get('X-Amz-SignedHeaders')).toContain('content-type');
    expect(presigned_url).not.toContain('x-amz-checksum');
    expect(url).toBe(`${s3.endpoint}/${s3.bucket}/${key}`);

    const bytes = randomBytes(300_000);
    const put = await fetch(presigned_url, { method: 'PUT', headers: { 'Content-Type': 'video/webm' }, body: bytes });
    expect(put.status).toBe(200);

    const list = await t.http.get(`/api/v1/interviews/${interview_id}/uploads`).set(acme.admin.auth).expect(200);
    expect(list.body).toEqual([expect.objectContaining({ key, status: 'uploaded', size_bytes: 300_000, content_type: 'video/webm', kind: 'video' })]);
    const download = await fetch(list.body[0].download_url);
    expect(download.status).toBe(200);
    expect(Buffer.compare(Buffer.from(await download.arrayBuffer()), bytes)).toBe(0);

    await t.http.delete(`/api/v1/candidates/${candidate.id}`).set(acme.admin.auth).expect(204);
    const after = await fetch(list.body[0].download_url);
    expect(after.status).toBe(404);
  });

  it('has no dev upload endpoint when S3 is configured', async () => {
    await t.http.put('/dev-upload/1/1/00000000-0000-0000-0000-000000000000.webm').set('Content-Type', 'video/webm').send(Buffer.alloc(1)).expect(404);
  });
});
