import { TenantScope } from '../src/database/tenant-scope';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AnalysesRepository } from '../src/analysis/analyses.repository';
import { BackgroundJobs } from '../src/background/background-jobs';
import { ErasureService } from '../src/candidates/erasure.service';
import { MediaStorage } from '../src/uploads/storage/media-storage';
import { createTestApp, TestApp } from './helpers/app';
import { createCandidate, createJob, createTenant, sendLink, TestTenant } from './helpers/factories';
import { completeInterview, waitFor } from './helpers/interview';

/**
 * Background work is durable: scoring a completed interview and deleting an erased candidate's objects are
 * jobs written in the transaction of the change, run by whichever instance claims them, retried with
 * backoff, with an exactly-once effect.
 */
describe('background jobs', () => {
  let t: TestApp;
  let acme: TestTenant;
  let jobs: BackgroundJobs;

  const q = (sql: string, params: unknown[] = []) => t.dataSource.query(sql, params);
  const count = async (sql: string, params: unknown[] = []) => Number((await q(sql, params))[0].n);
  const jobOf = async (kind: string, interviewId?: number) =>
    (
      await q(
        `SELECT id, status, attempts, last_error, next_attempt_at > now() AS waiting FROM background_jobs WHERE kind = $1 ${interviewId ? `AND payload->>'interview_id' = $2` : ''} ORDER BY id DESC LIMIT 1`,
        interviewId ? [kind, String(interviewId)] : [kind],
      )
    )[0] as { id: number; status: string; attempts: number; last_error: string | null; waiting: boolean } | undefined;
  const analyses = (interviewId: number) => count('SELECT count(*) AS n FROM interview_analyses WHERE interview_id = $1', [interviewId]);
  const readyMails = (tenantId: number) => count(`SELECT count(*) AS n FROM outbox_messages WHERE tenant_id = $1 AND kind = 'analysis_ready'`, [tenantId]);
  /** As another instance would find it once the retry is due. */
  const makeDue = () => q(`UPDATE background_jobs SET next_attempt_at = now() WHERE status = 'pending'`);

  beforeAll(async () => {
    // No poll during the test unless it asks for one: every run below is explicit.
    t = await createTestApp({ JOB_POLL_INTERVAL_MS: '600000' });
    acme = await createTenant(t.http, 'Acme');
    jobs = t.app.get(BackgroundJobs);
  }, 60_000);

  afterAll(async () => {
    jest.restoreAllMocks();
    await t?.close();
  });

  afterEach(() => jest.restoreAllMocks());

  it('scores a completed interview once, with the job written in the completing transaction', async () => {
    const before = await readyMails(acme.tenantId);
    const { interviewId } = await completeInterview(t.http, acme.admin);
    await waitFor(async () => ((await analyses(interviewId)) === 1 ? true : undefined));
    const job = await jobOf('interview.completed', interviewId);
    expect(job).toMatchObject({ status: 'done', attempts: 1, last_error: null });
    const interview = await t.http.get(`/api/v1/interviews/${interviewId}`).set(acme.admin.auth).expect(200);
    expect(interview.body.analysis_status).toBe('ready');
    expect(await readyMails(acme.tenantId)).toBe(before + 1);
    // Running it again, as a second instance whose lease ran out would: nothing more happens.
    await q(`UPDATE background_jobs SET status = 'pending' WHERE id = $1`, [job!.id]);
    await jobs.runNow([job!.id]);
    expect(await analyses(interviewId)).toBe(1);
    expect(await readyMails(acme.tenantId)).toBe(before + 1);
  });

  it('survives the completing instance stopping before it ran the job: any instance picks it up', async () => {
    // The instance that completed the interview never gets to run the job.
    jest.spyOn(jobs, 'runSoon').mockImplementation(() => undefined);
    const { interviewId } = await completeInterview(t.http, acme.admin);
    expect(await jobOf('interview.completed', interviewId)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await analyses(interviewId)).toBe(0);
    // Another instance's poll, twice at once and with a direct run: one analysis, one e-mail.
    const before = await readyMails(acme.tenantId);
    await Promise.all([jobs.dispatchDue(), jobs.dispatchDue(), jobs.runNow([(await jobOf('interview.completed', interviewId))!.id])]);
    expect(await analyses(interviewId)).toBe(1);
    expect(await readyMails(acme.tenantId)).toBe(before + 1);
    expect(await jobOf('interview.completed', interviewId)).toMatchObject({ status: 'done' });
  });

  it('scores once even when the same interview has two jobs', async () => {
    jest.spyOn(jobs, 'runSoon').mockImplementation(() => undefined);
    const { interviewId } = await completeInterview(t.http, acme.admin);
    await q(`INSERT INTO background_jobs (tenant_id, kind, payload) VALUES ($1, 'interview.completed', $2)`, [acme.tenantId, JSON.stringify({ interview_id: interviewId })]);
    await jobs.dispatchDue();
    expect(await analyses(interviewId)).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM background_jobs WHERE payload->>'interview_id' = $1 AND status = 'done'`, [String(interviewId)])).toBe(2);
  });

  it('leaves alone a kind of job it has no handler for (a newer instance’s, during a rolling deploy)', async () => {
    const [{ id }] = await q(`INSERT INTO background_jobs (tenant_id, kind, payload) VALUES ($1, 'future.kind', '{}') RETURNING id`, [acme.tenantId]);
    await jobs.dispatchDue();
    await jobs.runNow([Number(id)]);
    expect((await q(`SELECT status, attempts FROM background_jobs WHERE id = $1`, [id]))[0]).toEqual({ status: 'pending', attempts: 0 });
    await q(`DELETE FROM background_jobs WHERE id = $1`, [id]);
  });

  it('announces an analysis:run that came before the job’s turn, and scores nothing more', async () => {
    jest.spyOn(jobs, 'runSoon').mockImplementation(() => undefined);
    const before = await readyMails(acme.tenantId);
    const { interviewId } = await completeInterview(t.http, acme.admin);
    await t.http.post(`/api/v1/interviews/${interviewId}/analysis:run`).set(acme.recruiter.auth).expect(200);
    expect(await readyMails(acme.tenantId)).toBe(before);
    await jobs.dispatchDue();
    expect(await analyses(interviewId)).toBe(1);
    expect(await readyMails(acme.tenantId)).toBe(before + 1);
    // Announced once, however often the job runs.
    const job = await jobOf('interview.completed', interviewId);
    await q(`UPDATE background_jobs SET status = 'pending' WHERE id = $1`, [job!.id]);
    await jobs.runNow([job!.id]);
    expect(await readyMails(acme.tenantId)).toBe(before + 1);
  });

  it('retries a failed run with backoff, and the failed attempt leaves nothing behind', async () => {
    const add = jest.spyOn(t.app.get(AnalysesRepository), 'add').mockRejectedValueOnce(new Error('database hiccup'));
    const { interviewId } = await completeInterview(t.http, acme.admin);
    const failed = await waitFor(async () => {
      const job = await jobOf('interview.completed', interviewId);
      return job?.last_error ? job : undefined;
    });
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, last_error: 'database hiccup', waiting: true });
    expect(await analyses(interviewId)).toBe(0);
    expect(add).toHaveBeenCalledTimes(1);
    // Not before the backoff ends …
    await jobs.dispatchDue();
    expect(await analyses(interviewId)).toBe(0);
    // … then once.
    await makeDue();
    await jobs.dispatchDue();
    expect(await analyses(interviewId)).toBe(1);
    expect(await jobOf('interview.completed', interviewId)).toMatchObject({ status: 'done', attempts: 2, last_error: null });
  });

  it('gives up after JOB_MAX_ATTEMPTS and marks the analysis failed', async () => {
    const other = await createTestApp({ JOB_POLL_INTERVAL_MS: '600000', JOB_MAX_ATTEMPTS: '2' });
    try {
      const tenant = await createTenant(other.http, 'Flaky');
      jest.spyOn(other.app.get(AnalysesRepository), 'add').mockRejectedValue(new Error('always fails'));
      const { interviewId } = await completeInterview(other.http, tenant.admin);
      const otherJobs = other.app.get(BackgroundJobs);
      const state = async () =>
        (await other.dataSource.query(`SELECT status, attempts, last_error FROM background_jobs WHERE payload->>'interview_id' = $1`, [String(interviewId)]))[0];
      // The first attempt, started by the completing request, has failed and scheduled its retry.
      await waitFor(async () => ((await state())?.last_error ? true : undefined));
      await other.dataSource.query(`UPDATE background_jobs SET next_attempt_at = now() WHERE status = 'pending'`);
      await otherJobs.dispatchDue();
      expect(await state()).toEqual({ status: 'failed', attempts: 2, last_error: 'always fails' });
      const interview = await other.http.get(`/api/v1/interviews/${interviewId}`).set(tenant.admin.auth).expect(200);
      expect(interview.body.analysis_status).toBe('failed');

      // Deleting an erased candidate's objects never gives up: past JOB_MAX_ATTEMPTS it is still pending.
      const storage = other.app.get(MediaStorage);
      jest.spyOn(storage, 'delete').mockRejectedValue(new Error('storage unavailable'));
      const { candidateId, token } = await completeInterview(other.http, tenant.admin);
      const presign = await other.http.post('/api/v1/tokens/presign-upload').send({ token, file_name: 'a.webm', content_type: 'audio/webm' }).expect(200);
      const url = new URL(presign.body.presigned_url);
      await other.http.put(`${url.pathname}${url.search}`).set('Content-Type', 'audio/webm').send(Buffer.alloc(16, 1)).expect(200);
      const report = await TenantScope.run(tenant.tenantId, () => other.app.get(ErasureService).erase([candidateId]));
      // The rows are gone; the object is not, and is not counted as deleted.
      expect(report).toEqual({ candidates: 1, objects: 0 });
      for (let i = 0; i < 3; i++) {
        await other.dataSource.query(`UPDATE background_jobs SET next_attempt_at = now() WHERE status = 'pending'`);
        await otherJobs.dispatchDue();
      }
      const [media] = await other.dataSource.query(`SELECT status, attempts FROM background_jobs WHERE kind = 'media.delete'`);
      expect(media).toEqual({ status: 'pending', attempts: 4 });
    } finally {
      await other.close();
    }
  }, 60_000);

  it('deletes an erased candidate’s objects, retrying while the storage fails', async () => {
    const job = await createJob(t.http, acme.admin);
    const candidate = await createCandidate(t.http, acme.admin, job.id);
    const { token } = await sendLink(t.http, acme.admin, candidate.id);
    const presign = await t.http.post('/api/v1/tokens/presign-upload').send({ token, file_name: 'a.webm', content_type: 'audio/webm' }).expect(200);
    const url = new URL(presign.body.presigned_url);
    await t.http.put(`${url.pathname}${url.search}`).set('Content-Type', 'audio/webm').send(Buffer.alloc(128, 7)).expect(200);
    const file = join(t.dataDir, 'uploads', presign.body.key);
    expect(existsSync(file)).toBe(true);

    const storage = t.app.get(MediaStorage);
    const remove = jest.spyOn(storage, 'delete').mockRejectedValue(new Error('storage unavailable'));
    // The erasure itself succeeds: the rows are gone at once, the objects follow.
    await t.http.delete(`/api/v1/candidates/${candidate.id}`).set(acme.admin.auth).expect(204);
    await t.http.get(`/api/v1/candidates/${candidate.id}`).set(acme.admin.auth).expect(404);
    expect(existsSync(file)).toBe(true);
    expect(await jobOf('media.delete')).toMatchObject({ status: 'pending', attempts: 1, last_error: 'storage unavailable', waiting: true });

    await makeDue();
    await jobs.dispatchDue();
    expect(await jobOf('media.delete')).toMatchObject({ status: 'pending', attempts: 2 });
    expect(existsSync(file)).toBe(true);

    remove.mockRestore();
    await makeDue();
    await jobs.dispatchDue();
    expect(await jobOf('media.delete')).toMatchObject({ status: 'done', attempts: 3, last_error: null });
    expect(existsSync(file)).toBe(false);
  });
});
