/**
 * `npm run seed:demo`: fills a demo organization for local development of the admin SPA, on the database
 * `npm start` would use (DATABASE_URL, or the embedded one under DATA_DIR). Safe to run again.
 */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { ConfigError } from '../config/app-config';
import { DEMO_ADMIN, DEMO_PASSWORD, DEMO_RECRUITER, DEMO_USERS } from './demo-plan';
import { DemoCounts, seedDemo, SeedDemoReport, SeedError } from './demo-seed';

const out = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

const HEADLINES: Readonly<Record<SeedDemoReport['outcome'], string>> = {
  created: 'created',
  'topped-up': 'completed (only what was missing was added)',
  unchanged: 'already complete: nothing changed',
};

function interviewLine(interviews: DemoCounts['interviews']): string {
  const order = ['completed', 'in_progress', 'scheduled', 'expired', 'cancelled', 'abandoned'];
  return order
    .filter((status) => interviews[status])
    .map((status) => `${interviews[status]} ${status.replace('_', ' ')}`)
    .join(', ');
}

function print(report: SeedDemoReport, seconds: number): void {
  const c = report.counts;
  const viewer = DEMO_USERS.find((u) => !u.withPassword);
  out();
  out(`Demo organization "${report.organization}" ${HEADLINES[report.outcome]} (${seconds.toFixed(1)} s).`);
  out(`  database      ${report.database.kind === 'embedded' ? `embedded PostgreSQL in ${report.database.dataDir}` : 'PostgreSQL (DATABASE_URL)'}`);
  out(`  users         ${c.users} (${c.pending_users} waiting to set a password)`);
  out(`  jobs          ${c.jobs} (${c.active_jobs} active)`);
  out(`  candidates    ${c.candidates}, from sample résumés through bulk upload`);
  out(`  interviews    ${interviewLine(c.interviews)}; ${c.pending_invites} invite(s) pending`);
  out(`  analyses      ${c.analyses} (${c.completed_with_analysis} completed interviews scored), ${c.transcripts} transcript(s), ${c.messages} messages, ${c.uploads} upload(s)`);
  out(`  access log    ${c.access_logs} rows; ${c.emails} e-mails in the outbox`);
  out();
  out('Log in (admin SPA or POST /api/v1/auth/login):');
  out(`  ${DEMO_ADMIN.email} / ${DEMO_PASSWORD}   (admin)`);
  out(`  ${DEMO_RECRUITER.email} / ${DEMO_PASSWORD}   (recruiter)`);
  if (viewer) out(`  ${viewer.email} has not set a password (readonly; the set-password e-mail is in the mock outbox)`);
  out();
  const where = report.database.kind === 'postgres' ? 'DATABASE_URL=… ' : process.env.DATA_DIR ? `DATA_DIR=${process.env.DATA_DIR} ` : '';
  out(`Start the API on the same database:  ${where}npm start   → http://localhost:3000 (Swagger UI at /docs)`);
}

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const started = Date.now();
  const report = await seedDemo(process.env, { log: out });
  print(report, (Date.now() - started) / 1000);
}

main().catch((e: unknown) => {
  console.error(e instanceof SeedError || e instanceof ConfigError ? e.message : e);
  process.exitCode = 1;
});
