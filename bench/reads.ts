/**
 * Authenticated read throughput of the built API against a bare node:http + pg server serving the same
 * rows as the same JSON (bench/bare-server.ts), in one run on this machine:
 *
 *   npm run bench:reads
 *
 * It creates a fresh database on PostgreSQL (BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432/postgres),
 * starts the API (`node dist/src/main.js`, NODE_ENV=production, default logging) and the bare server as child
 * processes, seeds one organization through the API (an interview of 200 messages, 1,000 candidates), and
 * measures in interleaved rounds (ROUNDS, default 3; SECONDS per measurement, default 5; 16 connections):
 *   - GET /api/v1/conversation/{id} (the first 100 of 200 messages) and GET /api/v1/candidates?page=1&per_page=20,
 *   - the same two reads on the embedded database (a second API process with its own data directory),
 *   - the API process's peak RSS under load and its CPU time per request,
 *   - cold start to a healthy /healthz on the embedded database with an existing data directory.
 * Ratios: API / bare on PostgreSQL (target ≥ 0.6), embedded / PostgreSQL (target ≥ 0.5); RSS target ≤ 300 MB;
 * cold start target ≤ 3 s.
 */
import { ChildProcess, fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { startCommand } from '../test/helpers/start-command';
import { call } from './http';

const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const SECONDS = Number(process.env.SECONDS ?? 5);
const CONNECTIONS = 16;
const CANDIDATES = 1000;
const DB_NAME = `hirevision_bench_reads_${process.pid}`;
const ROOT = join(__dirname, '..');

interface Server {
  child: ChildProcess;
  base: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function databaseUrl(name: string): string {
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function waitHealthy(base: string, path: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${base}${path}`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(10);
  }
  throw new Error(`${base}${path} did not become healthy`);
}

async function startApi(port: number, env: Record<string, string>): Promise<Server> {
  // BENCH_API_NODE_ARGS: extra node flags for the API processes, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const start = startCommand();
  const nodeArgs = [...start.flags, ...(process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const child = spawn(process.execPath, [...nodeArgs, 'dist/src/main.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      ...start.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      JWT_SECRET: randomBytes(32).toString('base64url'),
      RATE_LIMIT_API: '100000000',
      RATE_LIMIT_AUTH: '100000',
      RETENTION_CRON: 'off',
      ...env,
    },
    // Logs go to a file (BENCH_LOG, default /dev/null): the API writes its default request log, as in production.
    stdio: ['ignore', openSync(process.env.BENCH_LOG ?? '/dev/null', 'a'), 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(base, '/healthz', child);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  return { child, base };
}

async function startBare(port: number, url: string, tenantId: number): Promise<Server> {
  const child = fork(join(__dirname, 'bare-server.ts'), [], {
    execArgv: ['-r', '@swc-node/register'],
    env: { ...process.env, BARE_DATABASE_URL: url, BARE_PORT: String(port), BARE_TENANT_ID: String(tenantId) },
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`bare server exited with ${code}`)));
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

async function stop(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGTERM');
  const killer = setTimeout(() => server.child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(killer);
}

interface Seeded {
  token: string;
  tenantId: number;
  interviewId: number;
}

const WORDS = 'we built the service with typescript and postgresql and i led the migration because the team needed faster deploys'.split(' ');

async function seed(base: string): Promise<Seeded> {
  const email = `bench.${Date.now()}@example.com`;
  const auth = await call(base, 'POST', '/api/v1/auth/register', { organization_name: 'Bench', name: 'Bench Admin', email, password: 'bench password 1' });
  const token = String(auth.access_token);
  const me = await call(base, 'GET', '/api/v1/auth/me', undefined, token);
  const job = await call(base, 'POST', '/api/v1/jobs', { title: 'Backend Engineer', description: 'APIs in TypeScript', skills: ['TypeScript', 'PostgreSQL'] }, token);
  let next = 0;
  const ids: number[] = [];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < CANDIDATES) {
        const i = next++;
        const c = await call(
          base,
          'POST',
          `/api/v1/jobs/${String(job.id)}/candidates`,
          {
            name: `Candidate ${i}`,
            email: `candidate.${i}@example.com`,
            phone: '+90 532 123 45 67',
            resume_text: Array.from({ length: 60 }, (_, k) => WORDS[(i + k) % WORDS.length]).join(' '),
            skills: ['TypeScript', 'PostgreSQL', 'Docker'],
            years_experience: i % 15,
          },
          token,
        );
        ids.push(Number(c.id));
      }
    }),
  );
  const interview = await call(base, 'POST', '/api/v1/interviews', { candidate_id: ids[0] }, token);
  for (let i = 0; i < 100; i++) {
    const answer = Array.from({ length: 80 }, (_, k) => WORDS[(i * 7 + k * 3) % WORDS.length]).join(' ');
    await call(base, 'POST', '/api/v1/conversation', { interview_id: interview.id, role: 'assistant', content: `Question ${i + 1}?`, sequence_number: i * 2 + 1 }, token);
    await call(base, 'POST', '/api/v1/conversation', { interview_id: interview.id, role: 'user', content: answer, sequence_number: i * 2 + 2 }, token);
  }
  const tenantId = Number(me.tenant_id);
  return { token, tenantId, interviewId: Number(interview.id) };
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
}

/** CPU time of each PostgreSQL server process by pid (none when the server runs elsewhere). */
function postgresCpu(): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/stat`, 'utf8').includes('(postgres)')) byPid.set(Number(entry), cpuMs(Number(entry)));
    } catch {
      // the process ended meanwhile
    }
  }
  return byPid;
}

/** PostgreSQL CPU spent since `before` by the processes alive now (connections that closed meanwhile are not counted). */
function postgresCpuSince(before: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of postgresCpu()) total += ms - (before.get(pid) ?? 0);
  return total;
}

interface Measurement {
  rps: number;
  p99: number;
  /** CPU of the server's process, of PostgreSQL's processes and of this load generator, per request. */
  cpuPerRequest: number;
  pgCpuPerRequest: number;
  loadCpuPerRequest: number;
  peakRss: number;
}

async function load(url: string, token: string | undefined, pid: number): Promise<Measurement> {
  let peakRss = rssMb(pid);
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(pid))), 200);
  const cpu0 = cpuMs(pid);
  const pg0 = postgresCpu();
  const load0 = process.cpuUsage();
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers: token ? { authorization: `Bearer ${token}` } : {} });
  clearInterval(sampler);
  const cpu = cpuMs(pid) - cpu0;
  const pgCpu = postgresCpuSince(pg0);
  const loadUsage = process.cpuUsage(load0);
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad) throw new Error(`${url}: ${bad} failed responses`);
  const n = result.requests.total;
  return { rps: result.requests.average, p99: result.latency.p99, cpuPerRequest: cpu / n, pgCpuPerRequest: pgCpu / n, loadCpuPerRequest: (loadUsage.user + loadUsage.system) / 1000 / n, peakRss };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (m: Measurement[]) =>
  `${median(m.map((x) => x.rps)).toFixed(0)} req/s (p99 ${median(m.map((x) => x.p99)).toFixed(1)} ms; CPU ms/req: server ${median(m.map((x) => x.cpuPerRequest)).toFixed(2)}, ` +
  `PostgreSQL ${median(m.map((x) => x.pgCpuPerRequest)).toFixed(2)}, load generator ${median(m.map((x) => x.loadCpuPerRequest)).toFixed(2)})`;

async function sameBody(a: string, b: string, token: string): Promise<void> {
  const [x, y] = await Promise.all([fetch(a, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json()), fetch(b).then((r) => r.json())]);
  if (!isDeepStrictEqual(x, y)) throw new Error(`${a} and ${b} answer different JSON`);
}

async function main(): Promise<void> {
  const admin = new Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME}`);
  await admin.query(`CREATE DATABASE ${DB_NAME}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'hirevision-bench-reads-'));
  const servers: Server[] = [];
  try {
    const pgUrl = databaseUrl(DB_NAME);
    const api = await startApi(3911, { DATABASE_URL: pgUrl });
    servers.push(api);
    const seeded = await seed(api.base);
    // Statistics, as autovacuum would have gathered them by now in a deployment (this machine's PostgreSQL
    // runs with autovacuum off): without them the planner guesses 2 rows for the organization's 1,000
    // candidates and sorts them all for a page, for both servers.
    const bench = new Client({ connectionString: pgUrl });
    await bench.connect();
    await bench.query('ANALYZE');
    await bench.end();
    const bare = await startBare(3912, pgUrl, seeded.tenantId);
    servers.push(bare);
    const embedded = await startApi(3913, { DATA_DIR: join(dataDir, 'data') });
    servers.push(embedded);
    const seededEmbedded = await seed(embedded.base);

    const reads = {
      conversation: { api: `/api/v1/conversation/${seeded.interviewId}`, embedded: `/api/v1/conversation/${seededEmbedded.interviewId}`, bare: `/conversation/${seeded.interviewId}` },
      candidates: { api: '/api/v1/candidates?page=1&per_page=20', embedded: '/api/v1/candidates?page=1&per_page=20', bare: '/candidates' },
    };
    for (const read of Object.values(reads)) await sameBody(`${api.base}${read.api}`, `${bare.base}${read.bare}`, seeded.token);

    const results: Record<string, { bare: Measurement[]; api: Measurement[]; embedded: Measurement[] }> = {};
    for (const name of Object.keys(reads)) results[name] = { bare: [], api: [], embedded: [] };
    // Warm-up: JIT, pools and caches of all three servers.
    for (const read of Object.values(reads)) {
      await autocannon({ url: `${bare.base}${read.bare}`, connections: CONNECTIONS, duration: 2 });
      await autocannon({ url: `${api.base}${read.api}`, connections: CONNECTIONS, duration: 2, headers: { authorization: `Bearer ${seeded.token}` } });
      await autocannon({ url: `${embedded.base}${read.embedded}`, connections: CONNECTIONS, duration: 2, headers: { authorization: `Bearer ${seededEmbedded.token}` } });
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, read] of Object.entries(reads)) {
        results[name].bare.push(await load(`${bare.base}${read.bare}`, undefined, bare.child.pid!));
        results[name].api.push(await load(`${api.base}${read.api}`, seeded.token, api.child.pid!));
        results[name].embedded.push(await load(`${embedded.base}${read.embedded}`, seededEmbedded.token, embedded.child.pid!));
      }
    }

    console.log(`reads: ${ROUNDS} interleaved rounds × ${SECONDS} s, ${CONNECTIONS} connections; medians of the rounds`);
    let peakPg = 0;
    let peakEmbedded = 0;
    for (const [name, r] of Object.entries(results)) {
      const bareRps = median(r.bare.map((x) => x.rps));
      const apiRps = median(r.api.map((x) => x.rps));
      const embRps = median(r.embedded.map((x) => x.rps));
      peakPg = Math.max(peakPg, ...r.api.map((x) => x.peakRss));
      peakEmbedded = Math.max(peakEmbedded, ...r.embedded.map((x) => x.peakRss));
      console.log(`\n${name}`);
      console.log(`  bare node:http + pg      ${fmt(r.bare)}`);
      console.log(`  API on PostgreSQL        ${fmt(r.api)}`);
      console.log(`  API on embedded          ${fmt(r.embedded)}`);
      console.log(`  ratio API / bare:        ${(apiRps / bareRps).toFixed(2)}× (target ≥ 0.6: ${apiRps / bareRps >= 0.6 ? 'met' : 'NOT met'})`);
      console.log(`  ratio embedded / PG:     ${(embRps / apiRps).toFixed(2)}× (target ≥ 0.5: ${embRps / apiRps >= 0.5 ? 'met' : 'NOT met'})`);
    }
    console.log(`\npeak RSS under load: PostgreSQL ${peakPg.toFixed(0)} MB, embedded ${peakEmbedded.toFixed(0)} MB (target ≤ 300 MB: ${Math.max(peakPg, peakEmbedded) <= 300 ? 'met' : 'NOT met'})`);

    await stop(embedded);
    const t0 = performance.now();
    const restarted = await startApi(3913, { DATA_DIR: join(dataDir, 'data') });
    const coldStart = performance.now() - t0;
    servers.push(restarted);
    console.log(`cold start to a healthy /healthz, embedded database, existing data directory: ${(coldStart / 1000).toFixed(2)} s (target ≤ 3 s: ${coldStart <= 3000 ? 'met' : 'NOT met'})`);
  } finally {
    // Stopped with SIGTERM (SIGKILL after 15 s) so that profiles asked for with BENCH_API_NODE_ARGS are written.
    await Promise.all(servers.map(stop));
    await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`).catch((e: unknown) => console.error('could not drop the bench database:', e));
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
