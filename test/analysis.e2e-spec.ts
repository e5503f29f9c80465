import { createTestApp, TestApp } from './helpers/app';
import { createCandidate, createJob, createTenant, expectError, TestTenant } from './helpers/factories';
import { completeInterview, waitFor } from './helpers/interview';

const CONTRACT_KEYS = ['communication_score', 'created_at', 'cultural_fit_score', 'id', 'interview_id', 'model_used', 'overall_score', 'strengths', 'summary', 'technical_score', 'weaknesses'];

describe('analysis (rule-based-v1)', () => {
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

  it('completing an interview scores it in the background', async () => {
    const { interviewId } = await completeInterview(t.http, acme.recruiter);
    const analysis = await waitFor(async () => {
      const res = await t.http.get(`/api/v1/interviews/${interviewId}/analysis`).set(acme.readonly.auth);
      return res.status === 200 ? res.body : undefined;
    });
    expect(Object.keys(analysis).sort()).toEqual(CONTRACT_KEYS);
    expect(analysis).toMatchObject({ interview_id: interviewId, model_used: 'rule-based-v1' });
    for (const key of ['overall_score', 'communication_score', 'technical_score', 'cultural_fit_score']) {
      expect(analysis[key]).toBeGreaterThanOrEqual(0);
      expect(analysis[key]).toBeLessThanOrEqual(100);
    }
    expect(analysis.technical_score).toBeGreaterThan(30);
    const interview = await t.http.get(`/api/v1/interviews/${interviewId}`).set(acme.readonly.auth).expect(200);
    expect(interview.body.analysis_status).toBe('ready');
  });

  it('analysis:run answers the contract, stores a new row, and the GET returns the latest', async () => {
    const { interviewId } = await completeInterview(t.http, acme.recruiter);
    await t.http.post(`/api/v1/interviews/${interviewId}/transcript`).set(acme.admin.auth).send({ text: 'We used Kafka and Docker extensively.', provider: 'manual' }).expect(200);
    const started = Date.now();
    const run = await t.http.post(`/api/v1/interviews/${interviewId}/analysis:run`).set(acme.recruiter.auth).expect(200);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(Object.keys(run.body).sort()).toEqual(CONTRACT_KEYS);
    expect(run.body.model_used).toBe('rule-based-v1');
    expect(new Date(run.body.created_at).toISOString()).toBe(run.body.created_at);
    const latest = await t.http.get(`/api/v1/interviews/${interviewId}/analysis`).set(acme.readonly.auth).expect(200);
    expect(latest.body).toEqual(run.body);
    const rows = await t.dataSource.query('SELECT count(*)::int AS n FROM interview_analyses WHERE interview_id = $1', [interviewId]);
    expect(rows[0].n).toBeGreaterThanOrEqual(2);
    const again = await t.http.post(`/api/v1/interviews/${interviewId}/analysis:run`).set(acme.admin.auth).expect(200);
    expect({ ...again.body, id: 0, created_at: '' }).toEqual({ ...run.body, id: 0, created_at: '' });
  });

  it('scores an interview with no answers low, without error; GET before any run is 404', async () => {
    const job = await createJob(t.http, acme.admin);
    const candidate = await createCandidate(t.http, acme.admin, job.id);
    const interview = await t.http.post('/api/v1/interviews').set(acme.admin.auth).send({ candidate_id: candidate.id }).expect(201);
    expectError((await t.http.get(`/api/v1/interviews/${interview.body.id}/analysis`).set(acme.admin.auth).expect(404)).body, 'NOT_FOUND');
    const run = await t.http.post(`/api/v1/interviews/${interview.body.id}/analysis:run`).set(acme.admin.auth).expect(200);
    expect(run.body.overall_score).toBeLessThanOrEqual(20);
  });

  it('analysis:run stores the analysis and the interview\'s ready together: when one fails, neither is kept', async () => {
    const job = await createJob(t.http, acme.admin);
    const candidate = await createCandidate(t.http, acme.admin, job.id);
    const interview = await t.http.post('/api/v1/interviews').set(acme.admin.auth).send({ candidate_id: candidate.id }).expect(201);
    const id = Number(interview.body.id);
    // The interview's status update, the run's last write, fails for this interview alone.
    await t.dataSource.query(`CREATE FUNCTION test_refuse_ready() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.id = ${id} AND NEW.analysis_status = 'ready' THEN RAISE EXCEPTION 'status update refused'; END IF; RETURN NEW; END $$`);
    await t.dataSource.query('CREATE TRIGGER test_refuse_ready BEFORE UPDATE ON interviews FOR EACH ROW EXECUTE FUNCTION test_refuse_ready()');
    try {
      const failed = await t.http.post(`/api/v1/interviews/${id}/analysis:run`).set(acme.admin.auth);
      expect(failed.status).toBe(500);
      expectError(failed.body, 'INTERNAL');
      const rows = await t.dataSource.query('SELECT count(*)::int AS n FROM interview_analyses WHERE interview_id = $1', [id]);
      expect(rows[0].n).toBe(0);
      expectError((await t.http.get(`/api/v1/interviews/${id}/analysis`).set(acme.admin.auth).expect(404)).body, 'NOT_FOUND');
    } finally {
      await t.dataSource.query('DROP TRIGGER test_refuse_ready ON interviews');
      await t.dataSource.query('DROP FUNCTION test_refuse_ready()');
    }
    const run = await t.http.post(`/api/v1/interviews/${id}/analysis:run`).set(acme.admin.auth).expect(200);
    const latest = await t.http.get(`/api/v1/interviews/${id}/analysis`).set(acme.admin.auth).expect(200);
    expect(latest.body).toEqual(run.body);
    const after = await t.http.get(`/api/v1/interviews/${id}`).set(acme.admin.auth).expect(200);
    expect(after.body.analysis_status).toBe('ready');
  });

  it('answers 404 across organizations, 403 to readonly, 401 without a token, 400 for a bad id', async () => {
    const job = await createJob(t.http, globex.admin);
    const candidate = await createCandidate(t.http, globex.admin, job.id);
    const theirs = await t.http.post('/api/v1/interviews').set(globex.admin.auth).send({ candidate_id: candidate.id }).expect(201);
    await t.http.post(`/api/v1/interviews/${theirs.body.id}/analysis:run`).set(acme.admin.auth).expect(404);
    await t.http.get(`/api/v1/interviews/${theirs.body.id}/analysis`).set(acme.admin.auth).expect(404);
    await t.http.post(`/api/v1/interviews/${theirs.body.id}/analysis:run`).set(globex.readonly.auth).expect(403);
    await t.http.post(`/api/v1/interviews/${theirs.body.id}/analysis:run`).expect(401);
    await t.http.get(`/api/v1/interviews/${theirs.body.id}/analysis`).expect(401);
    await t.http.post('/api/v1/interviews/abc/analysis:run').set(acme.admin.auth).expect(400);
    await t.http.post(`/api/v1/interviews/${theirs.body.id}/analysisXrun`).set(globex.admin.auth).expect(404);
  });
});
