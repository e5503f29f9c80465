/**
 * Does a candidate list cost follow the page or the table? p95 of three reads of the built API (PostgreSQL)
 * with one organization holding 10,000 candidates, then the same reads after it grows to 1,000,000:
 *
 *   npm run bench:scale
 *
 * Reads (sequential, REQUESTS each, default 300, after a warm-up): the first page, a deep page (page 400 of
 * 20: offset 7,980 in both sizes) and a `q` search for a name five candidates share, all with
 * X-Total-Count. Before each request the organization's candidate version is moved on (untimed), as any change
 * to a candidate does, so every read is the page's own read and not a page the API remembers (see
 * CandidatesRepository.page); the same reads unchanged are printed too.
 * Target: p95 at 1,000,000 rows ≤ 1.3× its p95 at 10,000 rows. Rows are inserted with SQL
 * (the count triggers run as for API writes), then vacuumed, analysed and checkpointed; BENCH_PG_URL picks the
 * server (default the local one).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { call } from './http';

const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REQUESTS = Number(process.env.REQUESTS ?? 300);
const DB_NAME = `hirevision_bench_scale_${process.pid}`;
const PORT = 3931;
const BASE = `http://127.0.0.1:${PORT}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function databaseUrl(name: string): string {
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function startApi(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: join(__dirname, '..'),
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      PORT: String(PORT),
      HOST: '127.0.0.1',
      JWT_SECRET: randomBytes(32).toString('base64url'),
      RATE_LIMIT_API: '100000000',
      RETENTION_CRON: 'off',
      LOG_LEVEL: 'warn',
      DATABASE_URL: url,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(50)) {
    if (child.exitCode !== null) throw new Error(`API exited with ${child.exitCode}`);
    if (await fetch(`${BASE}/healthz`).then((r) => r.ok, () => false)) return child;
  }
  throw new Error('API did not become healthy');
}

/** Inserts candidates numbered [from, to) into the job; five of the first 10,000 are "Zeynep Kaya". */
async function insertCandidates(db: Client, tenantId: number, jobId: number, from: number, to: number): Promise<void> {
  for (let start = from; start < to; start += 100_000) {
    const end = Math.min(to, start + 100_000);
    await db.query(
      `INSERT INTO candidates (tenant_id, job_id, name, email, phone, resume_text, skills, years_experience)
       SELECT $1, $2, CASE WHEN i IN (17, 2017, 4017, 6017, 8017) THEN 'Zeynep Kaya' ELSE 'Candidate ' || i END,
              'candidate' || i || '@scale.example', '+90 532 000 00 00', 'Backend engineer, TypeScript and PostgreSQL.',
              '["TypeScript", "PostgreSQL"]'::jsonb, i % 15
       FROM generate_series($3::int, $4::int - 1) AS i`,
      [tenantId, jobId, start, end],
    );
  }
  await db.query('VACUUM ANALYZE candidates');
  // Flush the inserted pages now, so the reads are not measured against the checkpoint that writes them out.
  await db.query('CHECKPOINT');
}

type Timing = { p95: number; p50: number; total: string };

/** p95 and p50 of `path`; `before` runs ahead of each request, untimed. */
async function p95(path: string, token: string, before: () => Promise<unknown>): Promise<Timing> {
  const headers = { authorization: `Bearer ${token}` };
  let total = '';
  for (let i = 0; i < 30; i++) await fetch(`${BASE}${path}`, { headers }).then((r) => r.arrayBuffer());
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    await before();
    const t0 = performance.now();
    const res = await fetch(`${BASE}${path}`, { headers });
    await res.arrayBuffer();
    times.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    total = res.headers.get('x-total-count') ?? '';
  }
  times.sort((a, b) => a - b);
  return { p95: times[Math.floor(times.length * 0.95)], p50: times[Math.floor(times.length / 2)], total };
}

const READS = {
  'first page': '/api/v1/candidates?page=1&per_page=20',
  'deep page (400)': '/api/v1/candidates?page=400&per_page=20',
  'q=zeynep kaya': '/api/v1/candidates?q=zeynep%20kaya&per_page=20',
};

/** Each read after a change (the version moved on: the page is read), and unchanged (the page is remembered). */
async function measure(token: string, db: Client, tenantId: number): Promise<Record<string, { changed: Timing; unchanged: Timing }>> {
  const change = () => db.query(`UPDATE candidate_list_versions SET version = nextval('candidate_list_versions_seq') WHERE tenant_id = $1`, [tenantId]);
  const out: Record<string, { changed: Timing; unchanged: Timing }> = {};
  for (const [name, path] of Object.entries(READS)) out[name] = { changed: await p95(path, token, change), unchanged: await p95(path, token, async () => undefined) };
  return out;
}

async function main(): Promise<void> {
  const admin = new Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${DB_NAME}`);
  const db = new Client({ connectionString: databaseUrl(DB_NAME) });
  let api: ChildProcess | undefined;
  try {
    api = await startApi(databaseUrl(DB_NAME));
    await db.connect();
    const auth = await call(BASE, 'POST', '/api/v1/auth/register', { organization_name: 'Scale', name: 'Scale Admin', email: 'admin@scale.example', password: 'bench password 1' });
    const token = String(auth.access_token);
    const tenantId = Number((auth.user as { tenant_id: number }).tenant_id);
    const job = await call(BASE, 'POST', '/api/v1/jobs', { title: 'Backend Engineer', description: 'APIs' }, token);

    await insertCandidates(db, tenantId, Number(job.id), 0, 10_000);
    const small = await measure(token, db, tenantId);
    const t0 = performance.now();
    await insertCandidates(db, tenantId, Number(job.id), 10_000, 1_000_000);
    console.log(`(grew to 1,000,000 candidates in ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    const large = await measure(token, db, tenantId);

    console.log(`candidate lists, p95 of ${REQUESTS} sequential requests: 10,000 → 1,000,000 candidates in one organization`);
    let met = true;
    const line = (a: Timing, b: Timing) =>
      `p95 ${a.p95.toFixed(2)} ms (p50 ${a.p50.toFixed(2)}, total ${a.total}) → ${b.p95.toFixed(2)} ms (p50 ${b.p50.toFixed(2)}, total ${b.total}): ${(b.p95 / a.p95).toFixed(2)}×`;
    for (const name of Object.keys(READS)) {
      met &&= large[name].changed.p95 / small[name].changed.p95 <= 1.3;
      console.log(`  ${name.padEnd(16)} after a change: ${line(small[name].changed, large[name].changed)}`);
      console.log(`  ${''.padEnd(16)} unchanged:      ${line(small[name].unchanged, large[name].unchanged)}`);
    }
    console.log(`target ≤ 1.3× (after a change): ${met ? 'met' : 'NOT met'}`);
  } finally {
    api?.kill('SIGKILL');
    await db.end().catch(() => undefined);
    await sleep(300);
    await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await admin.end();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
