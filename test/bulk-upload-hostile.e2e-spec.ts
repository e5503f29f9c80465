import { createTestApp, TestApp } from './helpers/app';
import { createJob, createTenant, TestTenant } from './helpers/factories';
import { docxBomb, pdfBomb, separatorResume } from './fixtures/hostile';

/** Hostile résumés are read off the event loop, under time, memory and decompression limits. */
describe('bulk upload of hostile files', () => {
  let t: TestApp;
  let acme: TestTenant;
  let jobId: number;

  beforeAll(async () => {
    t = await createTestApp({ CV_PARSE_TIMEOUT_MS: '3000' });
    acme = await createTenant(t.http, 'Acme');
    jobId = (await createJob(t.http, acme.admin, { title: 'Backend Engineer', skills: ['TypeScript'] })).id;
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  const upload = (files: Array<[string, Buffer]>) => {
    const req = t.http.post(`/api/v1/jobs/${jobId}/candidates/bulk-upload`).set(acme.admin.auth);
    for (const [name, buffer] of files) req.attach('files', buffer, name);
    return req;
  };
  const plain = (email: string) => Buffer.from(`Grace Hopper\n${email}\nEngineer with 5 years of TypeScript.\n`);

  it('parses a résumé of 40,000 line separators correctly, within the time limit', async () => {
    // A backtracking regex took ~10 s on this file; over the 3 s limit it would come back failed.
    const res = await upload([['separators.txt', separatorResume('mallory@example.com')]]).expect(200);
    expect(res.body.items).toEqual([{ file_name: 'separators.txt', status: 'created', candidate_id: expect.any(Number) }]);
    const candidate = await t.http.get(`/api/v1/candidates/${res.body.items[0].candidate_id}`).set(acme.admin.auth).expect(200);
    expect(candidate.body.email).toBe('mallory@example.com');
  }, 30_000);

  it('fails a DOCX that inflates to 400 MB and a PDF bomb on their own; the other files are created', async () => {
    const res = await upload([
      ['before.txt', plain('before@example.com')],
      ['bomb.docx', docxBomb()],
      ['bomb.pdf', pdfBomb()],
      ['after.txt', plain('after@example.com')],
    ]).expect(200);
    expect(res.body).toMatchObject({ total: 4, created: 2, failed: 2 });
    expect(res.body.items.map((i: { file_name: string; status: string }) => [i.file_name, i.status])).toEqual([
      ['before.txt', 'created'],
      ['bomb.docx', 'failed'],
      ['bomb.pdf', 'failed'],
      ['after.txt', 'created'],
    ]);
    expect(res.body.items[1].error).toEqual({ code: 'UNREADABLE_FILE', message: 'The document is too large when decompressed.' });
    expect(res.body.items[2].error.code).toBe('UNREADABLE_FILE');
  }, 60_000);

  it('keeps /healthz answering while hostile files are read', async () => {
    const files: Array<[string, Buffer]> = [];
    for (let i = 0; i < 4; i++) files.push([`bomb-${i}.pdf`, pdfBomb()], [`sep-${i}.txt`, separatorResume(`sep${i}@example.com`)]);
    let finished = false;
    const pending = upload(files).then((res) => {
      finished = true;
      return res;
    });
    await new Promise((r) => setTimeout(r, 300));
    const health = await t.http.get('/healthz');
    expect(health.status).toBe(200);
    expect(finished).toBe(false);
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 8, created: 4, failed: 4 });
  }, 120_000);
});
