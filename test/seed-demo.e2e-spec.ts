import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/app-config';
import { EMBEDDED_POOL_SIZE } from '../src/database/data-source';
import { DEMO_ADMIN, DEMO_JOBS, DEMO_PASSWORD, DEMO_RECRUITER, plannedCandidates } from '../src/seed/demo-plan';
import { DemoCounts, seedDemo, SeedDemoReport } from '../src/seed/demo-seed';
import { TEST_ENV } from './helpers/app';
import { provisionDatabase, TestDatabase } from './helpers/database';

const planned = plannedCandidates();
const byTarget = (target: string): number => planned.filter((p) => p.candidate.target === target).length;

/** Everything but the rows that record activity (access logs, e-mails), which a top-up adds to. */
function stable(counts: DemoCounts): Omit<DemoCounts, 'access_logs' | 'emails'> {
  const { access_logs: _logs, emails: _emails, ...rest } = counts;
  return rest;
}

describe('seed:demo', () => {
  let db: TestDatabase;
  let dataDir: string;
  let env: Record<string, string>;
  let first: SeedDemoReport;

  beforeAll(async () => {
    db = await provisionDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'hirevision-seed-'));
    env = { ...TEST_ENV, DATA_DIR: dataDir, DATABASE_URL: db.url, ...(db.kind === 'embedded' ? { DATABASE_POOL_SIZE: String(EMBEDDED_POOL_SIZE) } : {}) };
  });

  afterAll(async () => {
    await db?.drop().catch(() => undefined);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const seed = (options?: Parameters<typeof seedDemo>[1]): Promise<SeedDemoReport> => seedDemo(env, options);

  /** The application on the seeded database, for reading the data back through the API. */
  async function withApi(check: (http: TestAgent, auth: { Authorization: string }) => Promise<void>): Promise<void> {
    let app: NestExpressApplication | undefined;
    try {
      app = await createApp(loadConfig(env));
      await app.init();
      const http = request(app.getHttpServer());
      const login = await http.post('/api/v1/auth/login').send({ email: DEMO_ADMIN.email, password: DEMO_PASSWORD }).expect(200);
      await check(http, { Authorization: `Bearer ${login.body.access_token}` });
    } finally {
      await app?.close();
    }
  }

  it('creates the demo organization through the API', async () => {
    const lines: string[] = [];
    first = await seed({ log: (line) => lines.push(line) });

    expect(first.outcome).toBe('created');
    expect(first.missing).toEqual(['the organization']);
    const c = first.counts;
    expect(c).toMatchObject({
      users: 3,
      pending_users: 1,
      jobs: DEMO_JOBS.length,
      active_jobs: DEMO_JOBS.filter((j) => j.isActive).length,
      candidates: planned.length,
      completed_with_analysis: byTarget('completed'),
      // One interview is scored again once its transcript is stored.
      analyses: byTarget('completed') + 1,
      transcripts: 1,
      uploads: 2,
      pending_invites: byTarget('invited'),
    });
    expect(c.candidates).toBeGreaterThanOrEqual(15);
    expect(c.candidates).toBeLessThanOrEqual(25);
    expect(c.interviews).toEqual({
      completed: byTarget('completed'),
      in_progress: byTarget('in_progress'),
      scheduled: byTarget('invited'),
      cancelled: byTarget('cancelled'),
    });
    expect(c.messages).toBeGreaterThan(byTarget('completed') * 12);
    expect(c.access_logs).toBeGreaterThan(100);
    expect(c.emails).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toMatch(/token=|Bearer /);
  }, 240_000);

  it('changes nothing on a second run', async () => {
    const lines: string[] = [];
    const second = await seed({ log: (line) => lines.push(line) });
    expect(second.outcome).toBe('unchanged');
    expect(second.missing).toEqual([]);
    expect(second.tenantId).toBe(first.tenantId);
    expect(second.counts).toEqual(first.counts);
    expect(lines).toEqual(['Demo organization found and complete: nothing changed']);
  }, 120_000);

  it('holds parsed candidates, scored interviews and access logs written by the app', async () => {
    await withApi(async (http, auth) => {
      const candidates = (await http.get('/api/v1/candidates?per_page=100').set(auth).expect(200)).body as {
        id: number;
        name: string;
        email: string;
        years_experience: number | null;
        skills: string[];
        resume_text: string | null;
        status: string;
      }[];
      expect(candidates).toHaveLength(planned.length);
      const irem = candidates.find((x) => x.email === 'irem.dogan@example.com');
      expect(irem).toMatchObject({ name: 'İrem Doğan', years_experience: 3, status: 'interviewed' });
      expect(irem?.skills).toEqual(expect.arrayContaining(['Python', 'Pandas', 'SQL']));
      expect(irem?.resume_text).toContain('Dokuz Eylül');
      expect(candidates.find((x) => x.email === 'jonas.becker@example.de')).toMatchObject({ name: 'Jonas Becker', years_experience: 6, status: 'invited' });

      const completed = (await http.get('/api/v1/interviews?status=completed&per_page=100').set(auth).expect(200)).body as { id: number; analysis_status: string }[];
      expect(completed).toHaveLength(byTarget('completed'));
      const scores: number[] = [];
      for (const interview of completed) {
        expect(interview.analysis_status).toBe('ready');
        const analysis = (await http.get(`/api/v1/interviews/${interview.id}/analysis`).set(auth).expect(200)).body;
        expect(analysis).toMatchObject({ interview_id: interview.id, model_used: 'rule-based-v1' });
        scores.push(analysis.overall_score);
      }
      // Strong, middling and brief answers score apart.
      expect(Math.max(...scores) - Math.min(...scores)).toBeGreaterThan(20);

      const recruiterId = (await http.get('/api/v1/users').set(auth).expect(200)).body.find((u: { email: string }) => u.email === DEMO_RECRUITER.email).id;
      const logs = (await http.get(`/api/v1/audit/access-logs?user_id=${recruiterId}&per_page=5`).set(auth).expect(200));
      expect(Number(logs.headers['x-total-count'])).toBeGreaterThan(10);
      const candidateApp = (await http.get('/api/v1/audit/access-logs?path=/api/v1/public/interviews&per_page=5').set(auth).expect(200)).body as {
        invite_token_id: number | null;
        path: string;
        ip: string;
      }[];
      expect(candidateApp.length).toBeGreaterThan(0);
      for (const row of candidateApp) {
        expect(row.invite_token_id).toEqual(expect.any(Number));
        expect(row.ip).toMatch(/^203\.0\.113\./);
      }
    });
  }, 60_000);

  it('tops up only what is missing', async () => {
    await withApi(async (http, auth) => {
      const [oliver] = (await http.get('/api/v1/candidates?q=oliver').set(auth).expect(200)).body;
      await http.delete(`/api/v1/candidates/${oliver.id}`).set(auth).expect(204);
    });
    const third = await seed();
    expect(third.outcome).toBe('topped-up');
    expect(third.missing).toEqual(['candidate oliver.bennett@example.co.uk']);
    expect(stable(third.counts)).toEqual(stable(first.counts));
    expect(third.counts.access_logs).toBeGreaterThan(first.counts.access_logs);

    const fourth = await seed();
    expect(fourth.outcome).toBe('unchanged');
    expect(fourth.counts).toEqual(third.counts);
  }, 240_000);
});
