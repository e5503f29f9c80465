import { createTestApp, TestApp } from './helpers/app';
import { createCandidate, createJob, createTenant, expectError, TestTenant } from './helpers/factories';
import { CORRUPT_PDF, makeDocx, makePdf } from './fixtures/documents';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c6360000000020001e221bc330000000049454e44ae426082', 'hex');

describe('POST /jobs/:id/candidates/bulk-upload', () => {
  let t: TestApp;
  let acme: TestTenant;
  let globex: TestTenant;
  let jobId: number;

  beforeAll(async () => {
    t = await createTestApp({ BULK_UPLOAD_MAX_FILES: '12', BULK_UPLOAD_MAX_FILE_BYTES: '200000', BULK_UPLOAD_MAX_TOTAL_BYTES: '600000' });
    acme = await createTenant(t.http, 'Acme');
    globex = await createTenant(t.http, 'Globex');
    jobId = (await createJob(t.http, acme.admin, { title: 'Backend Engineer', skills: ['TypeScript', 'PostgreSQL', 'Kafka'] })).id;
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('handles each file on its own and reports every one', async () => {
    await createCandidate(t.http, acme.admin, jobId, { name: 'Already Here', email: 'already@example.com' });
    const pdf = await makePdf([
      'Ada Lovelace',
      'ada.lovelace@example.com | +44 20 7946 0018',
      'Senior engineer with 8 years of experience in TypeScript, PostgreSQL and Docker.',
    ]);
    const docx = await makeDocx(['Çağla Öztürk', 'E-posta: cagla.ozturk@example.com', 'Telefon: +90 532 123 45 67', '5 yıl deneyim: Kafka, React, Node.js']);
    const txt = Buffer.from('Alan Turing\nalan@example.com\n(555) 123-4567\n3 years of experience with Python and Go\n');
    const csv = Buffer.from('name,email,phone\n"Hopper, Grace",grace@example.com,+1 555 0100\nNo Mail,,123\nDup Person,already@example.com,\n');
    const noEmail = Buffer.from('John Doe\nNo contact details here, 10 years of experience.\n');
    const duplicatePdf = await makePdf(['Already Here', 'already@example.com']);

    const res = await t.http
      .post(`/api/v1/jobs/${jobId}/candidates/bulk-upload`)
      .set(acme.recruiter.auth)
      .attach('files', pdf, 'ada.pdf')
      .attach('files', docx, 'cagla.docx')
      .attach('files', txt, 'alan.txt')
      .attach('files', csv, 'contacts.csv')
      .attach('files', CORRUPT_PDF, 'broken.pdf')
      .attach('files', Buffer.alloc(0), 'empty.pdf')
      .attach('files', PNG, 'photo.pdf')
      .attach('files', noEmail, 'no-email.txt')
      .attach('files', duplicatePdf, 'dup.pdf')
      .expect(200);

    const byName = Object.fromEntries(res.body.items.map((i: { file_name: string }) => [i.file_name, i]));
    expect(res.body).toMatchObject({ total: 11, created: 4, duplicates: 2, failed: 5 });
    expect(byName['ada.pdf']).toEqual({ file_name: 'ada.pdf', status: 'created', candidate_id: expect.any(Number) });
    expect(byName['cagla.docx'].status).toBe('created');
    expect(byName['alan.txt'].status).toBe('created');
    expect(byName['contacts.csv#row2'].status).toBe('created');
    expect(byName['contacts.csv#row3']).toMatchObject({ status: 'failed', error: { code: 'MISSING_EMAIL' } });
    expect(byName['contacts.csv#row4']).toMatchObject({ status: 'duplicate', candidate_id: expect.any(Number), error: { code: 'CONFLICT' } });
    expect(byName['broken.pdf']).toMatchObject({ status: 'failed', error: { code: 'UNREADABLE_FILE', message: expect.any(String) } });
    expect(byName['empty.pdf']).toMatchObject({ status: 'failed', error: { code: 'EMPTY_FILE' } });
    expect(byName['photo.pdf']).toMatchObject({ status: 'failed', error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    expect(byName['no-email.txt']).toMatchObject({ status: 'failed', error: { code: 'MISSING_EMAIL' } });
    expect(byName['dup.pdf']).toMatchObject({ status: 'duplicate', candidate_id: byName['contacts.csv#row4'].candidate_id });
    for (const item of res.body.items) {
      if (item.status === 'created') expect(item.error).toBeUndefined();
      if (item.status === 'failed') expect(item.candidate_id).toBeUndefined();
    }

    const ada = (await t.http.get(`/api/v1/candidates/${byName['ada.pdf'].candidate_id}`).set(acme.admin.auth).expect(200)).body;
    expect(ada).toMatchObject({ name: 'Ada Lovelace', email: 'ada.lovelace@example.com', years_experience: 8, job_id: jobId });
    expect(ada.phone).toMatch(/^\+44 20 7946 0018$/);
    expect(ada.skills.slice(0, 2)).toEqual(['TypeScript', 'PostgreSQL']);
    expect(ada.skills).toContain('Docker');
    expect(ada.resume_text).toContain('Senior engineer');

    const cagla = (await t.http.get(`/api/v1/candidates/${byName['cagla.docx'].candidate_id}`).set(acme.admin.auth).expect(200)).body;
    expect(cagla).toMatchObject({ name: 'Çağla Öztürk', email: 'cagla.ozturk@example.com', years_experience: 5 });
    expect(cagla.skills).toEqual(expect.arrayContaining(['Kafka', 'React', 'Node.js']));

    const grace = (await t.http.get(`/api/v1/candidates/${byName['contacts.csv#row2'].candidate_id}`).set(acme.admin.auth).expect(200)).body;
    expect(grace).toMatchObject({ name: 'Hopper, Grace', email: 'grace@example.com' });
  });

  it('judges type by content: a real PDF named .txt is read as a PDF', async () => {
    const pdf = await makePdf(['Barbara Liskov', 'barbara@example.com']);
    const res = await t.http.post(`/api/v1/jobs/${jobId}/candidates/bulk-upload`).set(acme.admin.auth).attach('files', pdf, { filename: 'cv.txt', contentType: 'text/plain' }).expect(200);
    expect(res.body.items[0]).toMatchObject({ status: 'created' });
  });

  it('answers 413 over the configured limits and 415 for a non-multipart body', async () => {
    const big = Buffer.alloc(200_001, 'a');
    const tooBig = await t.http.post(`/api/v1/jobs/${jobId}/candidates/bulk-upload`).set(acme.admin.auth).attach('files', big, 'big.txt').expect(413);
    expect(expectError(tooBig.body, 'PAYLOAD_TOO_LARGE').message).toMatch(/200000 bytes per file/);

    let many = t.http.post(`/api/v1/jobs/${jobId}/candidates/bulk-upload`).set(acme.admin.auth);
    for (let i = 0; i < 13; i++) many = many.attach('files', Buffer.from(`P${i}\np${i}@example.com`), `p${i}.txt`);
    expect(expectError((await many.expect(413)).body, 'PAYLOAD_TOO_LARGE').message).toMatch(/At most 12 files/);

    let total = t.http.post(`/api/v1/jobs/${jobId}/candidates/bulk-upload`).set(acme.admin.auth);
    for (let i = 0; i < 4; i++) total = total.attach('files', Buffer.alloc(190_000, 'b'), `t${i}.txt`);
    expect(expectError((await total.expect(413)).body, 'PAYLOAD_TOO_LARGE').message).toMatch(/larger than 600000 bytes/);

    const json = await t.http.post(`/api/v1/jobs/${jobId}/candidates/bulk-upload`).set(acme.admin.auth).send({ files: [] }).expect(415);
    expectError(json.body, 'UNSUPPORTED_MEDIA_TYPE');
    const none = await t.http.post(`/api/v1/jobs/${jobId}/candidates/bulk-upload`).set(acme.admin.auth).field('note', 'x').expect(400);
    expectError(none.body, 'VALIDATION_ERROR');
    await t.http.post(`/api/v1/jobs/${jobId}/candidates/bulk-upload`).set(acme.admin.auth).attach('resume', Buffer.from('x'), 'a.txt').expect(400);
  });

  it('answers 404 for another organization, 403 to readonly, 401 without a token', async () => {
    const theirJob = await createJob(t.http, globex.admin);
    const file = Buffer.from('Eve\neve@example.com');
    await t.http.post(`/api/v1/jobs/${theirJob.id}/candidates/bulk-upload`).set(acme.admin.auth).attach('files', file, 'eve.txt').expect(404);
    const theirs = await t.http.get(`/api/v1/jobs/${theirJob.id}/candidates`).set(globex.admin.auth).expect(200);
    expect(theirs.body).toEqual([]);
    await t.http.post(`/api/v1/jobs/${jobId}/candidates/bulk-upload`).set(acme.readonly.auth).attach('files', file, 'eve.txt').expect(403);
    await t.http.post(`/api/v1/jobs/${jobId}/candidates/bulk-upload`).attach('files', file, 'eve.txt').expect(401);
  });
});
