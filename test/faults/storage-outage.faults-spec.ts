import { randomBytes } from 'node:crypto';
import { ApiProcess, http, registerAdmin } from './helpers/api-process';
import { PostgresServer } from './helpers/postgres-server';
import { S3Server } from './helpers/s3-server';
import { sleep, waitUntil } from './helpers/processes';

/** The poll interval of background jobs, and the first retry delay (doubling). */
const JOB_POLL_INTERVAL_MS = 200;

/**
 * Object storage (S3; s3rver here) goes away: presigning still answers (it is local signing), erasing a
 * candidate still answers 204, and the candidate's objects are deleted once storage is back.
 */
describe('object storage outage', () => {
  let pg: PostgresServer;
  let s3: S3Server;
  let api: ApiProcess;

  beforeAll(async () => {
    s3 = await S3Server.start();
    pg = await PostgresServer.start();
    api = await ApiProcess.start('API with S3', { DATABASE_URL: pg.url, DATABASE_POOL_SIZE: '4', JOB_POLL_INTERVAL_MS: String(JOB_POLL_INTERVAL_MS), ...s3.env });
  }, 240_000);

  afterAll(async () => {
    await api?.stop();
    await s3?.destroy();
    await pg?.destroy();
  }, 60_000);

  it('presigns and erases while storage is down, and deletes the objects once it is back', async () => {
    const auth = await registerAdmin(api.url, 'Storage Ltd');
    const job = await http(api.url, 'POST', '/api/v1/jobs', { headers: auth, body: { title: 'Sound Engineer' } });
    expect(job.status).toBe(201);
    const jobId = (job.body as { id: number }).id;
    const candidate = await http(api.url, 'POST', `/api/v1/jobs/${jobId}/candidates`, { headers: auth, body: { name: 'Grace Hopper', email: `grace.${Date.now()}@example.com` } });
    expect(candidate.status).toBe(201);
    const candidateId = (candidate.body as { id: number }).id;
    const invite = await http(api.url, 'POST', `/api/v1/candidates/${candidateId}/send-link`, { headers: auth, body: {} });
    expect(invite.status).toBe(200);
    const token = /#token=([A-Za-z0-9_-]+)$/.exec((invite.body as { link: string }).link)?.[1];
    expect(token).toBeDefined();
    const presign = () => http(api.url, 'POST', '/api/v1/tokens/presign-upload', { body: { token, file_name: 'answer.webm', content_type: 'video/webm' }, timeoutMs: 5000 });

    // An answer stored in S3.
    const first = await presign();
    expect(first.status).toBe(200);
    const { presigned_url: url, key } = first.body as { presigned_url: string; key: string };
    const put = await fetch(url, { method: 'PUT', headers: { 'Content-Type': 'video/webm' }, body: randomBytes(64 * 1024) });
    expect(put.status).toBe(200);
    expect(s3.hasObject(key)).toBe(true);

    // Storage goes away.
    await s3.stopServer();
    expect(await s3.accepts()).toBe(false);
    const down = Date.now();

    const second = await presign();
    expect(second.status).toBe(200);
    expect(second.end - second.start).toBeLessThan(2000);
    expect((second.body as { presigned_url: string }).presigned_url.startsWith(`${s3.endpoint}/${s3.bucket}/`)).toBe(true);

    const erase = await http(api.url, 'DELETE', `/api/v1/candidates/${candidateId}`, { headers: auth, timeoutMs: 30_000 });
    expect(erase.status).toBe(204);
    expect((await http(api.url, 'GET', `/api/v1/candidates/${candidateId}`, { headers: auth })).status).toBe(404);
    // The object cannot be deleted yet: it is still in the stopped server's directory.
    expect(s3.hasObject(key)).toBe(true);

    // A few retries fail meanwhile.
    await sleep(3000);
    expect(s3.hasObject(key)).toBe(true);
    const restarted = Date.now();
    await s3.startServer();
    const deletedAfter = await waitUntil(
      async () => (s3.hasObject(key) ? undefined : Date.now() - restarted),
      30_000,
      () => `the erased candidate's object ${key} was not deleted after storage came back:\n${api.child.tail(15)}`,
      100,
    );

    const failures = api.logLines().filter((l) => l.level >= 40 && l.time >= down && l.time < restarted);
    console.log(
      `Storage outage: ${JSON.stringify({
        presign_while_down_ms: second.end - second.start,
        erase_while_down_ms: erase.end - erase.start,
        storage_down_ms: restarted - down,
        deleted_after_restart_ms: deletedAfter,
        warnings_and_errors_while_down: failures.length,
        messages_while_down: [...new Set(failures.map((l) => l.msg))],
      })}`,
    );
    expect(api.running).toBe(true);
  }, 120_000);
});
