import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres } from '../../src/database/embedded-postgres';
import { ApiProcess, http, HttpResult, registerAdmin } from './helpers/api-process';
import { statusCounts } from './helpers/load';
import { sleep, waitUntil } from './helpers/processes';

const CYCLES = 3;

interface Candidate {
  id: number;
  jobId: number;
}

/**
 * The API on its embedded database (PGlite, in the API's own process) is killed with SIGKILL in the middle
 * of a stream of writes, several times, and started again on the same DATA_DIR: it becomes healthy, every
 * acknowledged write is there (and every acknowledged delete stays done), the per-job counts kept by
 * triggers match the rows, and new writes work.
 */
describe('embedded database killed mid-write', () => {
  let dataDir: string;
  let api: ApiProcess | undefined;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'hv-faults-embedded-'));
  });

  afterAll(async () => {
    await api?.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('restarts consistent after kill -9, with every acknowledged write', async () => {
    const env = { DATA_DIR: dataDir };
    api = await ApiProcess.start('API on the embedded database', env);
    const auth = await registerAdmin(api.url, 'Crash Ltd');
    const jobs: number[] = [];
    const createJob = async (base: string) => {
      const res = await http(base, 'POST', '/api/v1/jobs', { headers: auth, body: { title: `Job ${jobs.length + 1}` } });
      if (res.status === 201) jobs.push((res.body as { id: number }).id);
      return res;
    };
    for (let i = 0; i < 3; i++) expect((await createJob(api.url)).status).toBe(201);

    const created = new Map<number, Candidate>();
    const deleted = new Set<number>();
    /** Candidates whose delete got no answer: either outcome is consistent. */
    const unsure = new Set<number>();
    const unknown: HttpResult[] = [];
    const beforeKill: HttpResult[] = [];
    const outcomes: HttpResult[] = [];
    const report: Array<Record<string, unknown>> = [];

    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      const base = api.url;
      let running = true;
      let inFlight = 0;
      let killedAt = Infinity;
      const pending = new Set<number>();
      const worker = async (w: number) => {
        for (let i = 0; running; i++) {
          const roll = Math.random();
          inFlight++;
          let res: HttpResult;
          if (roll < 0.1) {
            res = await createJob(base);
          } else if (roll < 0.3 && created.size > deleted.size + pending.size + unsure.size + 5) {
            const victim = [...created.keys()].find((id) => !deleted.has(id) && !pending.has(id) && !unsure.has(id)) as number;
            pending.add(victim);
            res = await http(base, 'DELETE', `/api/v1/candidates/${victim}`, { headers: auth });
            if (res.status === 204) deleted.add(victim);
            // Cut by the kill: the delete may have committed without its answer reaching us.
            else if (typeof res.status !== 'number' || res.status >= 500) unsure.add(victim);
            pending.delete(victim);
          } else {
            const jobId = jobs[(w + i) % jobs.length];
            res = await http(base, 'POST', `/api/v1/jobs/${jobId}/candidates`, { headers: auth, body: { name: `Kim ${cycle}-${w}-${i}`, email: `kim.${cycle}.${w}.${i}@example.com` } });
            if (res.status === 201) created.set((res.body as { id: number }).id, { id: (res.body as { id: number }).id, jobId });
          }
          inFlight--;
          outcomes.push(res);
          if (typeof res.status !== 'number' || res.status >= 500) {
            if (res.end < killedAt) beforeKill.push(res);
            else unknown.push(res);
          }
        }
      };
      const acknowledgedBefore = outcomes.filter((o) => o.status === 201 || o.status === 204).length;
      const writers = Promise.all([1, 2, 3].map(worker));
      await sleep(1500 + Math.random() * 1500);
      // Mid-write: only kill while requests are on their way.
      await waitUntil(async () => (inFlight > 0 ? true : undefined), 2000, () => 'no request in flight', 1);
      const socketDirs = listeningSocketDirs(api.pid);
      const killedWith = inFlight;
      const killed = Date.now();
      killedAt = killed;
      await api.stop('SIGKILL');
      running = false;
      await writers;
      // The engine's socket directory outlives a killed process (it is removed on a clean stop only).
      const leftSocketDirs = socketDirs.filter((d) => existsSync(d));
      for (const d of leftSocketDirs) rmSync(d, { recursive: true, force: true });
      expect(beforeKill.map((r) => `${r.status} ${r.error ?? JSON.stringify(r.body)}`)).toEqual([]);

      const restarted = Date.now();
      api = await ApiProcess.start(`API on the embedded database (restart ${cycle})`, env);
      const healthyAfter = Date.now() - restarted;
      report.push({
        cycle,
        acknowledged_writes: outcomes.filter((o) => o.status === 201 || o.status === 204).length - acknowledgedBefore,
        in_flight_at_kill: killedWith,
        socket_dirs_left_by_kill: leftSocketDirs.length,
        restart_to_healthy_ms: healthyAfter,
        kill_to_healthy_ms: Date.now() - killed,
      });
      await verify(api.url);
    }

    async function verify(base: string): Promise<void> {
      const seen = new Map<number, number>();
      for (const jobId of jobs) {
        const job = await http(base, 'GET', `/api/v1/jobs/${jobId}`, { headers: auth });
        expect(job.status).toBe(200);
        const totals = new Set<number>();
        let listed = 0;
        for (let page = 1; ; page++) {
          const res = await http(base, 'GET', `/api/v1/jobs/${jobId}/candidates?per_page=100&page=${page}`, { headers: auth });
          expect(res.status).toBe(200);
          totals.add(Number(res.headers?.get('x-total-count')));
          const items = res.body as Array<{ id: number; job_id: number }>;
          for (const item of items) seen.set(item.id, item.job_id);
          listed += items.length;
          if (items.length < 100) break;
        }
        // X-Total-Count comes from the trigger-kept candidate_counts; the listing reads the rows.
        expect({ job: jobId, totals: [...totals] }).toEqual({ job: jobId, totals: [listed] });
      }
      const all = await http(base, 'GET', '/api/v1/candidates?per_page=1', { headers: auth });
      expect(Number(all.headers?.get('x-total-count'))).toBe(seen.size);
      const missing = [...created.values()].filter((c) => !deleted.has(c.id) && !unsure.has(c.id) && seen.get(c.id) !== c.jobId);
      const resurrected = [...deleted].filter((id) => seen.has(id));
      expect({ missing, resurrected }).toEqual({ missing: [], resurrected: [] });
    }

    // New writes work, and are counted.
    const fresh = await createJob(api.url);
    expect(fresh.status).toBe(201);
    const freshJob = jobs[jobs.length - 1];
    const candidate = await http(api.url, 'POST', `/api/v1/jobs/${freshJob}/candidates`, { headers: auth, body: { name: 'After Crash', email: 'after.crash@example.com' } });
    expect(candidate.status).toBe(201);
    created.set((candidate.body as { id: number }).id, { id: (candidate.body as { id: number }).id, jobId: freshJob });
    const list = await http(api.url, 'GET', `/api/v1/jobs/${freshJob}/candidates`, { headers: auth });
    expect(list.headers?.get('x-total-count')).toBe('1');
    await verify(api.url);

    // A clean stop, then the data directory is read directly.
    const stopped = await api.stop('SIGTERM');
    api = undefined;
    expect(stopped.code).toBe(0);
    const checks = await inspect(dataDir);
    console.log(
      `Embedded kill -9: ${JSON.stringify(
        {
          cycles: report,
          acknowledged_creates: created.size,
          acknowledged_deletes: deleted.size,
          unacknowledged: unknown.length,
          deletes_cut_by_kill: unsure.size,
          statuses: statusCounts(outcomes),
          graceful_stop_ms: stopped.ms,
          ...checks,
        },
        null,
        1,
      )}`,
    );
    expect(checks.count_mismatches).toEqual([]);
    expect(checks.heap_vs_index.candidates[0]).toBe(checks.heap_vs_index.candidates[1]);
    expect(checks.heap_vs_index.jobs[0]).toBe(checks.heap_vs_index.jobs[1]);
    expect(checks.duplicate_emails).toBe(0);
    expect(checks.orphan_candidates).toBe(0);
    // Every acknowledged row is there (checked by id above); beyond them only writes cut by a kill may be.
    const extra = checks.rows.candidates - (created.size - deleted.size);
    expect(Math.abs(extra)).toBeLessThanOrEqual(unknown.length);
  }, 600_000);
});

/** Directories of the Unix sockets a process listens on (Linux: its fds matched against /proc/net/unix). */
function listeningSocketDirs(pid: number): string[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]);
    } catch {
      // closed meanwhile
    }
  }
  const dirs = new Set<string>();
  for (const line of readFileSync('/proc/net/unix', 'utf8').split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    // Only the engine's own socket directories (see EmbeddedPostgres), never anything else.
    if (cols.length >= 8 && inodes.has(cols[6]) && /\/hv-pg-[^/]+\/\.s\.PGSQL\.\d+$/.test(cols[7])) dirs.add(dirname(cols[7]));
  }
  return [...dirs];
}

/** Opens the data directory with the embedded engine and checks what the API cannot see over HTTP. */
async function inspect(dataDir: string) {
  const engine = await EmbeddedPostgres.start({ dataDir, maxConnections: 2 });
  const client = new Client({ connectionString: engine.url });
  await client.connect();
  const one = async (sql: string) => Number((await client.query(sql)).rows[0].n);
  try {
    const mismatches = await client.query(
      `SELECT coalesce(k.job_id, r.job_id) AS job_id, coalesce(k.count, 0)::int AS kept, coalesce(r.n, 0)::int AS actual
         FROM candidate_counts k
         FULL JOIN (SELECT tenant_id, job_id, count(*) AS n FROM candidates GROUP BY 1, 2) r ON r.tenant_id = k.tenant_id AND r.job_id = k.job_id
        WHERE coalesce(k.count, 0) <> coalesce(r.n, 0)`,
    );
    // The same count read through the primary key's index and through the table: a torn page or a lost
    // index entry shows as a difference.
    const counts = async (table: string): Promise<[number, number]> => {
      await client.query('SET enable_seqscan = off');
      const viaIndex = await one(`SELECT count(*) AS n FROM ${table} WHERE id > 0`);
      await client.query('SET enable_seqscan = on; SET enable_indexscan = off; SET enable_indexonlyscan = off; SET enable_bitmapscan = off');
      const viaHeap = await one(`SELECT count(*) AS n FROM ${table} WHERE id > 0`);
      await client.query('RESET ALL');
      return [viaIndex, viaHeap];
    };
    return {
      count_mismatches: mismatches.rows,
      heap_vs_index: { candidates: await counts('candidates'), jobs: await counts('jobs') },
      duplicate_emails: await one(`SELECT count(*) AS n FROM (SELECT job_id, lower(email) FROM candidates GROUP BY 1, 2 HAVING count(*) > 1) d`),
      orphan_candidates: await one(`SELECT count(*) AS n FROM candidates c WHERE NOT EXISTS (SELECT 1 FROM jobs j WHERE j.id = c.job_id)`),
      rows: { candidates: await one('SELECT count(*) AS n FROM candidates'), jobs: await one('SELECT count(*) AS n FROM jobs') },
    };
  } finally {
    await client.end();
    await engine.stop();
  }
}
