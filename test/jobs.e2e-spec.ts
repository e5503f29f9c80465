import { createTestApp, TestApp } from './helpers/app';
import { createCandidate, createJob, createTenant, expectError, sendLink, TestTenant } from './helpers/factories';

describe('jobs', () => {
  let t: TestApp;
  let acme: TestTenant;
  let globex: TestTenant;

  beforeAll(async () => {
    t = await createTestApp();
    acme = await createTenant(t.http, 'Acme');
    globex = await createTenant(t.http, 'Globex');
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('creates a job with defaults and reads it back', async () => {
    const res = await t.http.post('/api/v1/jobs').set(acme.recruiter.auth).send({ title: '  Data Analyst ', skills: ['SQL', ' sql ', 'Excel'] }).expect(201);
    expect(res.body).toEqual({
      id: expect.any(Number),
      title: 'Data Analyst',
      description: '',
      location: null,
      skills: ['SQL', 'Excel'],
      is_active: true,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    const read = await t.http.get(`/api/v1/jobs/${res.body.id}`).set(acme.readonly.auth).expect(200);
    expect(read.body).toEqual(res.body);
  });

  it('updates and deletes', async () => {
    const job = await createJob(t.http, acme.admin);
    const patched = await t.http.patch(`/api/v1/jobs/${job.id}`).set(acme.recruiter.auth).send({ is_active: false, location: 'Remote' }).expect(200);
    expect(patched.body).toMatchObject({ is_active: false, location: 'Remote', title: job.title });
    await t.http.delete(`/api/v1/jobs/${job.id}`).set(acme.recruiter.auth).expect(204);
    await t.http.get(`/api/v1/jobs/${job.id}`).set(acme.recruiter.auth).expect(404);
  });

  it('deleting a job erases its candidates, interviews, links and e-mails', async () => {
    const job = await createJob(t.http, acme.admin);
    const candidate = await createCandidate(t.http, acme.admin, job.id);
    const invite = await sendLink(t.http, acme.admin, candidate.id);
    await t.http.delete(`/api/v1/jobs/${job.id}`).set(acme.admin.auth).expect(204);
    await t.http.get(`/api/v1/candidates/${candidate.id}`).set(acme.admin.auth).expect(404);
    await t.http.get(`/api/v1/interviews/${invite.interview_id}`).set(acme.admin.auth).expect(404);
    expectError((await t.http.post(`/api/v1/tokens/verify?token=${invite.token}`).expect(400)).body, 'INVALID_TOKEN');
    const traces = await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE to_address = $1`, [candidate.email]);
    expect(traces[0].n).toBe(0);
  });

  it('lists newest first, searches title and description by word prefix, filters is_active, paginates', async () => {
    const tenant = await createTenant(t.http, 'Search Co');
    const a = await createJob(t.http, tenant.admin, { title: 'Frontend Developer', description: 'React and design systems' });
    const b = await createJob(t.http, tenant.admin, { title: 'Backend Developer', description: 'Postgres internals', is_active: false });
    const c = await createJob(t.http, tenant.admin, { title: 'Designer', description: 'Figma' });
    const all = await t.http.get('/api/v1/jobs').set(tenant.readonly.auth).expect(200);
    expect(all.body.map((j: { id: number }) => j.id)).toEqual([c.id, b.id, a.id]);
    expect(all.headers['x-total-count']).toBe('3');

    const dev = await t.http.get('/api/v1/jobs?q=develop').set(tenant.readonly.auth).expect(200);
    expect(dev.body.map((j: { id: number }) => j.id)).toEqual([b.id, a.id]);
    const desc = await t.http.get('/api/v1/jobs?q=postgres').set(tenant.readonly.auth).expect(200);
    expect(desc.body.map((j: { id: number }) => j.id)).toEqual([b.id]);
    const both = await t.http.get('/api/v1/jobs?q=react%20front').set(tenant.readonly.auth).expect(200);
    expect(both.body.map((j: { id: number }) => j.id)).toEqual([a.id]);
    const odd = await t.http.get(`/api/v1/jobs?q=${encodeURIComponent("'):* & | ! \\")}`).set(tenant.readonly.auth).expect(200);
    expect(odd.body).toHaveLength(3);

    const inactive = await t.http.get('/api/v1/jobs?is_active=false').set(tenant.readonly.auth).expect(200);
    expect(inactive.body.map((j: { id: number }) => j.id)).toEqual([b.id]);
    const page = await t.http.get('/api/v1/jobs?per_page=1&page=2').set(tenant.readonly.auth).expect(200);
    expect(page.body.map((j: { id: number }) => j.id)).toEqual([b.id]);
    expect(page.headers.link).toContain('rel="next"');
  });

  it("never shows another organization's jobs", async () => {
    const theirs = await createJob(t.http, globex.admin, { title: 'Secret Role' });
    const list = await t.http.get('/api/v1/jobs?q=secret').set(acme.admin.auth).expect(200);
    expect(list.body).toEqual([]);
    expectError((await t.http.get(`/api/v1/jobs/${theirs.id}`).set(acme.admin.auth).expect(404)).body, 'NOT_FOUND');
    await t.http.patch(`/api/v1/jobs/${theirs.id}`).set(acme.admin.auth).send({ title: 'x' }).expect(404);
    await t.http.delete(`/api/v1/jobs/${theirs.id}`).set(acme.admin.auth).expect(404);
    await t.http.get(`/api/v1/jobs/${theirs.id}/questions`).set(acme.admin.auth).expect(404);
    await t.http.get(`/api/v1/jobs/${theirs.id}`).set(globex.readonly.auth).expect(200);
  });

  it('is read-only for readonly users and closed without a token', async () => {
    const job = await createJob(t.http, acme.admin);
    expectError((await t.http.post('/api/v1/jobs').set(acme.readonly.auth).send({ title: 'x' }).expect(403)).body, 'FORBIDDEN');
    await t.http.patch(`/api/v1/jobs/${job.id}`).set(acme.readonly.auth).send({ title: 'x' }).expect(403);
    await t.http.delete(`/api/v1/jobs/${job.id}`).set(acme.readonly.auth).expect(403);
    for (const [method, path] of [['get', '/api/v1/jobs'], ['post', '/api/v1/jobs'], ['get', `/api/v1/jobs/${job.id}`], ['patch', `/api/v1/jobs/${job.id}`], ['delete', `/api/v1/jobs/${job.id}`], ['get', `/api/v1/jobs/${job.id}/questions`]] as const) {
      await t.http[method](path).expect(401);
    }
  });

  it('validates input', async () => {
    const job = await createJob(t.http, acme.admin);
    const bad = [{}, { title: '' }, { title: 'x'.repeat(201) }, { title: 'x', skills: 'SQL' }, { title: 'x', skills: [1] }, { title: 'x', is_active: 'yes' }, { title: 'x', tenant_id: 2 }];
    for (const body of bad) expectError((await t.http.post('/api/v1/jobs').set(acme.admin.auth).send(body).expect(400)).body, 'VALIDATION_ERROR');
    await t.http.patch(`/api/v1/jobs/${job.id}`).set(acme.admin.auth).send({}).expect(400);
    await t.http.patch(`/api/v1/jobs/${job.id}`).set(acme.admin.auth).send({ id: 5 }).expect(400);
    await t.http.get('/api/v1/jobs?is_active=maybe').set(acme.admin.auth).expect(400);
    await t.http.get('/api/v1/jobs/abc').set(acme.admin.auth).expect(400);
    await t.http.get('/api/v1/jobs/9999999999/questions').set(acme.admin.auth).expect(400);
  });

  describe('GET /jobs/:id/questions', () => {
    it('returns 6–10 deterministic questions built from the job, the same every time', async () => {
      const job = await createJob(t.http, acme.admin, { title: 'Platform Engineer', skills: ['Kubernetes', 'Terraform', 'Go'] });
      const first = await t.http.get(`/api/v1/jobs/${job.id}/questions`).set(acme.readonly.auth).expect(200);
      expect(first.body.job_id).toBe(job.id);
      expect(first.body.source).toBe('deterministic');
      expect(first.body.questions.length).toBeGreaterThanOrEqual(6);
      expect(first.body.questions.length).toBeLessThanOrEqual(10);
      const text = first.body.questions.map((q: { text: string }) => q.text).join(' ');
      for (const word of ['Platform Engineer', 'Kubernetes', 'Terraform']) expect(text).toContain(word);
      expect(first.body.questions.some((q: { category: string }) => q.category === 'behavioural')).toBe(true);

      const twin = await createJob(t.http, acme.admin, { title: 'Platform Engineer', skills: ['Kubernetes', 'Terraform', 'Go'] });
      const second = await t.http.get(`/api/v1/jobs/${twin.id}/questions`).set(acme.admin.auth).expect(200);
      expect(second.body.questions).toEqual(first.body.questions);

      await t.http.patch(`/api/v1/jobs/${job.id}`).set(acme.admin.auth).send({ skills: ['Rust'] }).expect(200);
      const changed = await t.http.get(`/api/v1/jobs/${job.id}/questions`).set(acme.admin.auth).expect(200);
      expect(changed.body.questions.map((q: { text: string }) => q.text).join(' ')).toContain('Rust');
    });
  });
});
