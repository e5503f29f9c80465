import { createTestApp, TestApp } from './helpers/app';
import { createCandidate, createJob, createTenant, expectError, sendLink, TestTenant, uniqueEmail } from './helpers/factories';

describe('candidates', () => {
  let t: TestApp;
  let acme: TestTenant;
  let globex: TestTenant;
  let jobId: number;

  beforeAll(async () => {
    t = await createTestApp();
    acme = await createTenant(t.http, 'Acme');
    globex = await createTenant(t.http, 'Globex');
    jobId = (await createJob(t.http, acme.admin)).id;
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('creates a candidate under a job with a normalised e-mail', async () => {
    const res = await t.http
      .post(`/api/v1/jobs/${jobId}/candidates`)
      .set(acme.recruiter.auth)
      .send({ name: 'Grace Hopper', email: ' Grace.Hopper@Example.COM ', phone: '+1 (555) 123-4567', skills: ['COBOL'], years_experience: 30, resume_text: 'Navy' })
      .expect(201);
    expect(res.body).toEqual({
      id: expect.any(Number),
      job_id: jobId,
      name: 'Grace Hopper',
      email: 'grace.hopper@example.com',
      phone: '+1 (555) 123-4567',
      resume_text: 'Navy',
      skills: ['COBOL'],
      years_experience: 30,
      status: 'new',
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
  });

  it('answers 409 for an e-mail already in the job, and allows it in another job', async () => {
    const email = uniqueEmail('dup');
    await createCandidate(t.http, acme.admin, jobId, { email });
    expectError((await t.http.post(`/api/v1/jobs/${jobId}/candidates`).set(acme.admin.auth).send({ name: 'Again', email: email.toUpperCase() }).expect(409)).body, 'CONFLICT');
    const other = await createJob(t.http, acme.admin, { title: 'Other' });
    await createCandidate(t.http, acme.admin, other.id, { email });
  });

  it('lists per job and across jobs with search and filters', async () => {
    const tenant = await createTenant(t.http, 'Lists');
    const j1 = await createJob(t.http, tenant.admin, { title: 'One' });
    const j2 = await createJob(t.http, tenant.admin, { title: 'Two' });
    const ada = await createCandidate(t.http, tenant.admin, j1.id, { name: 'Ada Lovelace', email: 'ada.lovelace@analytical.example' });
    const alan = await createCandidate(t.http, tenant.admin, j1.id, { name: 'Alan Turing', email: 'alan@bletchley.example' });
    const linus = await createCandidate(t.http, tenant.admin, j2.id, { name: 'Linus', email: 'linus@kernel.example' });
    await sendLink(t.http, tenant.admin, alan.id);

    const perJob = await t.http.get(`/api/v1/jobs/${j1.id}/candidates`).set(tenant.readonly.auth).expect(200);
    expect(perJob.body.map((c: { id: number }) => c.id)).toEqual([alan.id, ada.id]);
    const all = await t.http.get('/api/v1/candidates').set(tenant.readonly.auth).expect(200);
    expect(all.body.map((c: { id: number }) => c.id)).toEqual([linus.id, alan.id, ada.id]);
    expect(all.headers['x-total-count']).toBe('3');

    const byName = await t.http.get('/api/v1/candidates?q=lov').set(tenant.readonly.auth).expect(200);
    expect(byName.body.map((c: { id: number }) => c.id)).toEqual([ada.id]);
    const byEmail = await t.http.get('/api/v1/candidates?q=bletchley').set(tenant.readonly.auth).expect(200);
    expect(byEmail.body.map((c: { id: number }) => c.id)).toEqual([alan.id]);
    const byFullEmail = await t.http.get('/api/v1/candidates?q=linus@kernel.example').set(tenant.readonly.auth).expect(200);
    expect(byFullEmail.body.map((c: { id: number }) => c.id)).toEqual([linus.id]);
    const invited = await t.http.get('/api/v1/candidates?status=invited').set(tenant.readonly.auth).expect(200);
    expect(invited.body.map((c: { id: number }) => c.id)).toEqual([alan.id]);
    const ofJob2 = await t.http.get(`/api/v1/candidates?job_id=${j2.id}`).set(tenant.readonly.auth).expect(200);
    expect(ofJob2.body.map((c: { id: number }) => c.id)).toEqual([linus.id]);
    const searchInJob = await t.http.get(`/api/v1/jobs/${j1.id}/candidates?q=alan`).set(tenant.readonly.auth).expect(200);
    expect(searchInJob.body.map((c: { id: number }) => c.id)).toEqual([alan.id]);
    const secondPage = await t.http.get(`/api/v1/jobs/${j1.id}/candidates?per_page=1&page=2`).set(tenant.readonly.auth).expect(200);
    expect(secondPage.body.map((c: { id: number }) => c.id)).toEqual([ada.id]);
    expect(secondPage.headers['x-total-count']).toBe('2');
    const allSecond = await t.http.get('/api/v1/candidates?per_page=2&page=2').set(tenant.readonly.auth).expect(200);
    expect(allSecond.body.map((c: { id: number }) => c.id)).toEqual([ada.id]);
    expect(allSecond.headers['x-total-count']).toBe('3');
    const pastTheEnd = await t.http.get('/api/v1/candidates?per_page=2&page=5').set(tenant.readonly.auth).expect(200);
    expect(pastTheEnd.body).toEqual([]);
    expect(pastTheEnd.headers['x-total-count']).toBe('3');
  });

  it('keeps list totals right through inserts, erasure, bulk SQL and job deletion', async () => {
    const tenant = await createTenant(t.http, 'Totals');
    const j1 = await createJob(t.http, tenant.admin, { title: 'One' });
    const j2 = await createJob(t.http, tenant.admin, { title: 'Two' });
    const total = async (path: string) => (await t.http.get(path).set(tenant.readonly.auth).expect(200)).headers['x-total-count'];
    const first = await createCandidate(t.http, tenant.admin, j1.id);
    for (let i = 0; i < 4; i++) await createCandidate(t.http, tenant.admin, j1.id);
    await createCandidate(t.http, tenant.admin, j2.id);
    // Full first pages: the total is not implied by a short last page.
    expect(await total('/api/v1/candidates?per_page=2')).toBe('6');
    expect(await total(`/api/v1/jobs/${j1.id}/candidates?per_page=2`)).toBe('5');
    expect(await total(`/api/v1/candidates?job_id=${j2.id}&per_page=1`)).toBe('1');

    await t.http.delete(`/api/v1/candidates/${first.id}`).set(tenant.admin.auth).expect(204);
    expect(await total('/api/v1/candidates?per_page=2')).toBe('5');
    expect(await total(`/api/v1/jobs/${j1.id}/candidates?per_page=2`)).toBe('4');

    const values = Array.from({ length: 30 }, (_, i) => `(${tenant.tenantId}, ${j2.id}, 'Bulk ${i}', 'bulk${i}@totals.example')`).join(',');
    await t.dataSource.query(`INSERT INTO candidates (tenant_id, job_id, name, email) VALUES ${values}`);
    expect(await total('/api/v1/candidates?per_page=2')).toBe('35');
    expect(await total('/api/v1/candidates?per_page=2&q=bulk')).toBe('30');
    expect(await total('/api/v1/candidates?per_page=2&status=new')).toBe('35');

    await t.http.delete(`/api/v1/jobs/${j2.id}`).set(tenant.admin.auth).expect(204);
    expect(await total('/api/v1/candidates?per_page=2')).toBe('4');
    expect(await total(`/api/v1/candidates?job_id=${j2.id}&per_page=2`)).toBe('0');
    // Another organization's counts are its own.
    expect((await t.http.get('/api/v1/candidates?per_page=1').set(globex.admin.auth).expect(200)).headers['x-total-count']).toBe('0');
  });

  it('answers the same times in lists as in single reads', async () => {
    const c = await createCandidate(t.http, acme.admin, jobId);
    await t.dataSource.query(`UPDATE candidates SET created_at = '2026-03-04 05:06:07.089999+03' WHERE id = $1`, [c.id]);
    const one = await t.http.get(`/api/v1/candidates/${c.id}`).set(acme.admin.auth).expect(200);
    expect(one.body.created_at).toBe('2026-03-04T02:06:07.089Z');
    const list = await t.http.get(`/api/v1/jobs/${jobId}/candidates?per_page=1`).set(acme.admin.auth).expect(200);
    expect(list.body[0]).toEqual(one.body);
  });

  it('refuses to move a candidate to another job, which would break the counts', async () => {
    const c = await createCandidate(t.http, acme.admin, jobId);
    const other = await createJob(t.http, acme.admin, { title: 'Elsewhere' });
    await expect(t.dataSource.query('UPDATE candidates SET job_id = $1 WHERE id = $2', [other.id, c.id])).rejects.toThrow(/cannot move/);
  });

  it('gets and patches; patching to a taken e-mail is 409', async () => {
    const a = await createCandidate(t.http, acme.admin, jobId);
    const b = await createCandidate(t.http, acme.admin, jobId);
    const got = await t.http.get(`/api/v1/candidates/${a.id}`).set(acme.readonly.auth).expect(200);
    expect(got.body.id).toBe(a.id);
    const patched = await t.http.patch(`/api/v1/candidates/${a.id}`).set(acme.recruiter.auth).send({ phone: '0532 123 4567', skills: ['Go'] }).expect(200);
    expect(patched.body).toMatchObject({ phone: '0532 123 4567', skills: ['Go'], name: a.name });
    await t.http.patch(`/api/v1/candidates/${a.id}`).set(acme.recruiter.auth).send({ email: b.email }).expect(409);
  });

  it('refuses mass assignment of status, job and tenant', async () => {
    const a = await createCandidate(t.http, acme.admin, jobId);
    for (const body of [{ status: 'interviewed' }, { job_id: 1 }, { tenant_id: 1 }, { id: 9 }]) {
      expectError((await t.http.patch(`/api/v1/candidates/${a.id}`).set(acme.admin.auth).send(body).expect(400)).body, 'VALIDATION_ERROR');
    }
  });

  it('validates input', async () => {
    const bad = [{ name: 'x' }, { email: 'a@b.co' }, { name: 'x', email: 'nope' }, { name: 'x', email: 'a@b.co', phone: 'call me' }, { name: 'x', email: 'a@b.co', years_experience: -1 }, { name: 'x', email: 'a@b.co', skills: ['a'.repeat(61)] }];
    for (const body of bad) expectError((await t.http.post(`/api/v1/jobs/${jobId}/candidates`).set(acme.admin.auth).send(body).expect(400)).body, 'VALIDATION_ERROR');
    await t.http.get('/api/v1/candidates?page=1&per_page=20').set(acme.admin.auth).expect(200);
    for (const query of ['status=hired', 'page=1&per_page=101', 'page=0&per_page=20', 'page=1&per_page=20&tenant_id=1']) {
      expectError((await t.http.get(`/api/v1/candidates?${query}`).set(acme.admin.auth).expect(400)).body, 'VALIDATION_ERROR');
    }
    await t.http.get('/api/v1/candidates?job_id=abc').set(acme.admin.auth).expect(400);
    await t.http.get('/api/v1/candidates/0').set(acme.admin.auth).expect(400);
    await t.http.get('/api/v1/jobs/abc/candidates/export').set(acme.admin.auth).expect(400);
    await t.http.get('/api/v1/jobs/-1/candidates').set(acme.admin.auth).expect(400);
  });

  it("a job's list is empty, not missing, when nothing matches; a job that does not exist is 404", async () => {
    const empty = await createJob(t.http, acme.admin);
    const none = await t.http.get(`/api/v1/jobs/${empty.id}/candidates`).set(acme.readonly.auth).expect(200);
    expect(none.body).toEqual([]);
    expect(none.headers['x-total-count']).toBe('0');
    const job = await createJob(t.http, acme.admin);
    await createCandidate(t.http, acme.admin, job.id);
    const unmatched = await t.http.get(`/api/v1/jobs/${job.id}/candidates?q=nobodyhasthisname`).set(acme.readonly.auth).expect(200);
    expect(unmatched.body).toEqual([]);
    const noneInterviewed = await t.http.get(`/api/v1/jobs/${job.id}/candidates?status=interviewed`).set(acme.readonly.auth).expect(200);
    expect(noneInterviewed.body).toEqual([]);
    expectError((await t.http.get('/api/v1/jobs/999999999/candidates').set(acme.readonly.auth).expect(404)).body, 'NOT_FOUND');
  });

  it("hides another organization's candidates and jobs (404)", async () => {
    const theirJob = await createJob(t.http, globex.admin);
    const theirs = await createCandidate(t.http, globex.admin, theirJob.id);
    await t.http.get(`/api/v1/candidates/${theirs.id}`).set(acme.admin.auth).expect(404);
    await t.http.patch(`/api/v1/candidates/${theirs.id}`).set(acme.admin.auth).send({ name: 'x' }).expect(404);
    await t.http.delete(`/api/v1/candidates/${theirs.id}`).set(acme.admin.auth).expect(404);
    await t.http.post(`/api/v1/jobs/${theirJob.id}/candidates`).set(acme.admin.auth).send({ name: 'x', email: uniqueEmail() }).expect(404);
    await t.http.get(`/api/v1/jobs/${theirJob.id}/candidates`).set(acme.admin.auth).expect(404);
    await t.http.get(`/api/v1/jobs/${theirJob.id}/candidates/export`).set(acme.admin.auth).expect(404);
    const mine = await t.http.get(`/api/v1/candidates?job_id=${theirJob.id}`).set(acme.admin.auth).expect(200);
    expect(mine.body).toEqual([]);
    await t.http.get(`/api/v1/candidates/${theirs.id}`).set(globex.admin.auth).expect(200);
  });

  it('is read-only for readonly users and closed without a token', async () => {
    const a = await createCandidate(t.http, acme.admin, jobId);
    await t.http.post(`/api/v1/jobs/${jobId}/candidates`).set(acme.readonly.auth).send({ name: 'x', email: uniqueEmail() }).expect(403);
    await t.http.patch(`/api/v1/candidates/${a.id}`).set(acme.readonly.auth).send({ name: 'x' }).expect(403);
    await t.http.delete(`/api/v1/candidates/${a.id}`).set(acme.readonly.auth).expect(403);
    for (const path of [`/api/v1/candidates`, `/api/v1/candidates/${a.id}`, `/api/v1/jobs/${jobId}/candidates`, `/api/v1/jobs/${jobId}/candidates/export`]) {
      await t.http.get(path).expect(401);
    }
  });

  it('DELETE erases the candidate with interviews, links and e-mails', async () => {
    const a = await createCandidate(t.http, acme.admin, jobId);
    const invite = await sendLink(t.http, acme.admin, a.id);
    await t.http.delete(`/api/v1/candidates/${a.id}`).set(acme.recruiter.auth).expect(204);
    await t.http.get(`/api/v1/candidates/${a.id}`).set(acme.admin.auth).expect(404);
    await t.http.get(`/api/v1/interviews/${invite.interview_id}`).set(acme.admin.auth).expect(404);
    expectError((await t.http.post(`/api/v1/tokens/verify?token=${invite.token}`).expect(400)).body, 'INVALID_TOKEN');
    for (const [table, column] of [['candidates', 'id'], ['interviews', 'candidate_id'], ['invite_tokens', 'candidate_id']]) {
      const rows = await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} = $1`, [a.id]);
      expect([table, rows[0].n]).toEqual([table, 0]);
    }
    const mail = await t.dataSource.query('SELECT count(*)::int AS n FROM outbox_messages WHERE to_address = $1', [a.email]);
    expect(mail[0].n).toBe(0);
  });

  describe('CSV export', () => {
    it('streams a header and one escaped row per candidate, neutralising formulas', async () => {
      const job = await createJob(t.http, acme.admin, { title: 'Export' });
      await createCandidate(t.http, acme.admin, job.id, { name: 'Lovelace, Ada "The Countess"', email: 'ada@export.example', phone: '+44 20 7946 0000' });
      await createCandidate(t.http, acme.admin, job.id, { name: '=HYPERLINK("http://evil.example","x")', email: 'evil@export.example', skills: ['@SUM(1)', 'SQL'] });
      await createCandidate(t.http, acme.admin, job.id, { name: 'Line\nBreak', email: 'lb@export.example' });
      const res = await t.http.get(`/api/v1/jobs/${job.id}/candidates/export`).set(acme.readonly.auth).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toBe(`attachment; filename="job-${job.id}-candidates.csv"`);
      const text = res.text.replace(/^\ufeff/, '');
      const lines = text.split('\r\n');
      expect(lines[0]).toBe('id,name,email,phone,status,skills,years_experience,created_at');
      expect(text).toContain('"Lovelace, Ada ""The Countess"""');
      expect(text).toContain(`'+44 20 7946 0000`);
      expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
      expect(text).toContain(`'@SUM(1); SQL`);
      expect(text).toContain('"Line\nBreak"');
      expect(text.endsWith('\r\n')).toBe(true);
      expect(text.match(/@export\.example/g)).toHaveLength(3);
    });

    it('exports more than one batch', async () => {
      const job = await createJob(t.http, acme.admin, { title: 'Big export' });
      const values = Array.from({ length: 1203 }, (_, i) => `(${acme.tenantId}, ${job.id}, 'C${i}', 'c${i}@bulk.example')`).join(',');
      await t.dataSource.query(`INSERT INTO candidates (tenant_id, job_id, name, email) VALUES ${values}`);
      const res = await t.http.get(`/api/v1/jobs/${job.id}/candidates/export`).set(acme.admin.auth).expect(200);
      expect(res.text.trim().split('\r\n')).toHaveLength(1204);
    });
  });
});
