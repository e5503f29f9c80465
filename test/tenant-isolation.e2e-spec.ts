import { EntityManager } from 'typeorm';
import { Database } from '../src/database/database';
import { HotReads } from '../src/database/hot-reads';
import { SystemRepository } from '../src/database/system.repository';
import { MissingTenantScopeError, TenantScope } from '../src/database/tenant-scope';
import { CANDIDATE_SEARCH_VECTOR } from '../src/candidates/candidate.entity';
import { JOB_SEARCH_VECTOR } from '../src/jobs/job.entity';
import { JobsRepository } from '../src/jobs/jobs.repository';
import { createTestApp, TestApp } from './helpers/app';
import { createCandidate, createJob, createTenant, TestTenant } from './helpers/factories';
import { completeInterview } from './helpers/interview';

/**
 * Row-level security is the wall behind the repositories' own filters: queries that forget the tenant
 * (deliberately unfiltered here) still see one organization's rows, and work with no organization in scope
 * sees none. Both on the embedded database and on PostgreSQL.
 */
describe('tenant isolation in the database', () => {
  let t: TestApp;
  let a: TestTenant;
  let b: TestTenant;
  let database: Database;

  beforeAll(async () => {
    t = await createTestApp();
    database = t.app.get(Database);
    a = await createTenant(t.http, 'Alpha Ltd');
    b = await createTenant(t.http, 'Beta Ltd');
    for (const tenant of [a, b]) {
      const job = await createJob(t.http, tenant.admin);
      await createCandidate(t.http, tenant.admin, job.id);
      await completeInterview(t.http, tenant.admin, job.id);
    }
  }, 60_000);

  afterAll(() => t.close());

  const tenantTables = async (): Promise<string[]> => {
    const rows: Array<{ name: string }> = await t.dataSource.query(
      `SELECT c.relname AS name FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
       WHERE c.relkind = 'r' ORDER BY 1`,
    );
    return rows.map((r) => r.name);
  };

  it('protects every table with a tenant_id column (and tenants) with row-level security', async () => {
    const tables = [...(await tenantTables()), 'tenants'];
    expect(tables.length).toBeGreaterThan(15);
    const rows: Array<{ relname: string; relrowsecurity: boolean; policies: string[] }> = await t.dataSource.query(
      `SELECT c.relname, c.relrowsecurity, array(SELECT p.polname::text FROM pg_policy p WHERE p.polrelid = c.oid ORDER BY 1) AS policies
       FROM pg_class c WHERE c.relname = ANY($1) AND c.relkind = 'r' ORDER BY 1`,
      [tables],
    );
    expect(rows.filter((r) => !r.relrowsecurity || r.policies.join() !== 'system_access,tenant_isolation').map((r) => r.relname)).toEqual([]);
    expect(rows).toHaveLength(tables.length);
    const roles: Array<{ rolname: string; rolbypassrls: boolean; rolsuper: boolean; rolcanlogin: boolean }> = await t.dataSource.query(
      `SELECT rolname, rolbypassrls, rolsuper, rolcanlogin FROM pg_roles WHERE rolname IN ('hirevision_app', 'hirevision_system') ORDER BY 1`,
    );
    expect(roles).toEqual([
      { rolname: 'hirevision_app', rolbypassrls: false, rolsuper: false, rolcanlogin: false },
      { rolname: 'hirevision_system', rolbypassrls: false, rolsuper: false, rolcanlogin: false },
    ]);
  });

  it("an unfiltered query inside an organization's transaction reads only that organization's rows, on every tenant table", async () => {
    const tables = await tenantTables();
    for (const tenant of [a, b]) {
      const seen = await TenantScope.run(tenant.tenantId, () =>
        database.transaction(async (m: EntityManager) => {
          const [{ user }] = await m.query('SELECT current_user AS user');
          const owners: Record<string, number[]> = {};
          for (const table of tables) {
            const rows: Array<{ tenant_id: number }> = await m.query(`SELECT DISTINCT tenant_id FROM "${table}"`);
            owners[table] = rows.map((r) => Number(r.tenant_id));
          }
          const tenants: Array<{ id: number }> = await m.query('SELECT id FROM tenants');
          return { user, owners, tenants: tenants.map((r) => Number(r.id)) };
        }),
      );
      expect(seen.user).toBe('hirevision_app');
      expect(seen.tenants).toEqual([tenant.tenantId]);
      const foreign = Object.entries(seen.owners).filter(([, ids]) => ids.some((id) => id !== tenant.tenantId));
      expect(foreign).toEqual([]);
      // The organization's own rows are there (it has users, a job, candidates and a finished interview).
      for (const table of ['users', 'jobs', 'candidates', 'interviews', 'conversation_messages', 'invite_tokens']) {
        expect({ table, ids: seen.owners[table] }).toEqual({ table, ids: [tenant.tenantId] });
      }
    }
  });

  it('the hot read path (one round trip, prepared) is under the same wall', async () => {
    const hot = t.app.get(HotReads);
    const count = (tenantId: number) =>
      TenantScope.run(tenantId, () => hot.rows<{ tenants: string; n: string }>('SELECT count(DISTINCT tenant_id) AS tenants, count(*) AS n FROM candidates', []));
    const [[inA], [inB]] = [await count(a.tenantId), await count(b.tenantId)];
    expect(inA.tenants).toBe('1');
    expect(inB.tenants).toBe('1');
    const [all] = await t.dataSource.query('SELECT count(*) AS n FROM candidates');
    expect(Number(inA.n) + Number(inB.n)).toBe(Number(all.n));
    await expect(hot.rows('SELECT count(*) FROM candidates', [])).rejects.toBeInstanceOf(MissingTenantScopeError);
  });

  it('work with no organization in scope reads nothing and writes nothing', async () => {
    // Outside any request or job: tenant repositories refuse to run at all.
    await expect(t.app.get(JobsRepository).find(1)).rejects.toBeInstanceOf(MissingTenantScopeError);
    await expect(TenantScope.none(() => t.app.get(JobsRepository).page({ tsQuery: null }, 0, 10))).rejects.toBeInstanceOf(MissingTenantScopeError);
    // And the database itself: a transaction as the request role with no organization set sees no row.
    const tables = [...(await tenantTables()), 'tenants'];
    const seen = await database.withoutTenant(async (m) => {
      const counts: Record<string, number> = {};
      for (const table of tables) {
        const [{ n }] = await m.query(`SELECT count(*) AS n FROM "${table}"`);
        counts[table] = Number(n);
      }
      return counts;
    });
    expect(Object.entries(seen).filter(([, n]) => n !== 0)).toEqual([]);
    await expect(database.withoutTenant((m) => m.query(`INSERT INTO jobs (tenant_id, title, description, skills, is_active) VALUES ($1, 'x', '', '{}', true)`, [a.tenantId]))).rejects.toThrow(
      /row-level security/,
    );
  });

  it("refuses a write of another organization's row inside an organization's transaction", async () => {
    const before = await t.dataSource.query('SELECT count(*) AS n FROM jobs WHERE tenant_id = $1', [b.tenantId]);
    await expect(
      TenantScope.run(a.tenantId, () =>
        database.transaction((m) => m.query(`INSERT INTO jobs (tenant_id, title, description, skills, is_active) VALUES ($1, 'planted', '', '{}', true)`, [b.tenantId])),
      ),
    ).rejects.toThrow(/row-level security/);
    // Updates and deletes of another organization's rows touch nothing.
    const touched = await TenantScope.run(a.tenantId, () =>
      database.transaction(async (m) => {
        const [, updated] = await m.query(`UPDATE jobs SET title = 'hijacked' WHERE tenant_id = $1`, [b.tenantId]);
        const [, deleted] = await m.query(`DELETE FROM candidates WHERE tenant_id = $1`, [b.tenantId]);
        return { updated, deleted };
      }),
    );
    expect(touched).toEqual({ updated: 0, deleted: 0 });
    expect(await t.dataSource.query('SELECT count(*) AS n FROM jobs WHERE tenant_id = $1', [b.tenantId])).toEqual(before);
    const titles: Array<{ title: string }> = await t.dataSource.query('SELECT title FROM jobs WHERE tenant_id = $1', [b.tenantId]);
    expect(titles.map((r) => r.title)).not.toContain('hijacked');
  });

  it('cross-organization lookups run as the system role, and only through SystemRepository', async () => {
    const system = t.app.get(SystemRepository);
    const found = await system.userByEmail(b.admin.email);
    expect(found?.tenantId).toBe(b.tenantId);
    const user = await database.system(async (m) => (await m.query('SELECT current_user AS user'))[0].user);
    expect(user).toBe('hirevision_system');
    // System work cannot join an organization's transaction (it would start to see every organization).
    await expect(TenantScope.run(a.tenantId, () => database.transaction(() => system.userByEmail(b.admin.email)))).rejects.toThrow(/cannot join/);
  });

  it('searches keep their full-text indexes under the policies', async () => {
    // Enough rows that an index on the search is the cheap way (the tenant index alone would read them all).
    const [{ id: jobId }] = await t.dataSource.query('SELECT id FROM jobs WHERE tenant_id = $1 LIMIT 1', [a.tenantId]);
    await t.dataSource.query(
      `INSERT INTO candidates (tenant_id, job_id, name, email, skills, status) SELECT $1, $2, 'Filler ' || g, 'filler' || g || '@example.com', '[]', 'new' FROM generate_series(1, 3000) g`,
      [a.tenantId, jobId],
    );
    await t.dataSource.query(`INSERT INTO jobs (tenant_id, title, description, skills, is_active) SELECT $1, 'Filler ' || g, '', '[]', true FROM generate_series(1, 3000) g`, [a.tenantId]);
    await t.dataSource.query('ANALYZE candidates');
    await t.dataSource.query('ANALYZE jobs');
    const plans = await TenantScope.run(a.tenantId, () =>
      database.transaction(async (m) => {
        const explain = async (sql: string): Promise<string> => ((await m.query(`EXPLAIN ${sql}`)) as Array<{ 'QUERY PLAN': string }>).map((r) => r['QUERY PLAN']).join('\n');
        return {
          candidates: await explain(`SELECT id FROM candidates WHERE ${CANDIDATE_SEARCH_VECTOR} @@ to_tsquery('simple', 'ada:*')`),
          jobs: await explain(`SELECT id FROM jobs WHERE ${JOB_SEARCH_VECTOR} @@ to_tsquery('simple', 'engineer:*')`),
        };
      }),
    );
    expect(plans.candidates).toMatch(/Index Cond: \(to_tsvector/);
    expect(plans.candidates).toContain('IDX_candidates_search');
    expect(plans.jobs).toContain('IDX_jobs_search');
  });
});
