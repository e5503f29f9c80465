import { jest } from '@jest/globals';
import pg from 'pg';
import { createTestApp, TestApp } from './helpers/app';
import { createCandidate, createInterview, createJob, registerAdmin, Session } from './helpers/factories';

interface PlanCounts {
  generic_plans: string | number;
  custom_plans: string | number;
}

/**
 * The hot reads' statements are prepared once per connection. A page that one plan serves for every argument
 * (the id order of an index, bounded by a limit) is planned once and not again on each call; a text search,
 * whose best plan depends on its terms, is planned for them (PostgreSQL's own choice).
 */
describe('hot reads: how their statements are planned', () => {
  let t: TestApp;
  let owner: Session;
  let jobId: number;
  let interviewId: number;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerAdmin(t.http);
    jobId = (await createJob(t.http, owner)).id;
    for (let i = 0; i < 3; i++) await createCandidate(t.http, owner, jobId, { name: `Planned Person ${i}` });
    ({ interviewId } = await createInterview(t.http, owner, { jobId, messages: ['Hello?'] }));
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  /**
   * Runs the GETs one after another, then reports how each connection that executed a hot read has planned
   * its page statement so far (the last EXECUTE of each query), summed over connections. Each check reads
   * statements no other check runs, so the sums are its own.
   */
  async function plansAfter(paths: string[]): Promise<{ generic: number; custom: number }> {
    const executed = new Map<pg.Client, Set<string>>();
    const original = pg.Client.prototype.query;
    const spy = jest.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: pg.Client, ...args: unknown[]) {
      const text = typeof args[0] === 'string' ? args[0] : undefined;
      const names = text?.match(/EXECUTE (hot_\w+)/g);
      if (names) {
        const set = executed.get(this) ?? new Set<string>();
        set.add(names[names.length - 1].slice('EXECUTE '.length));
        executed.set(this, set);
      }
      return (original as (...a: unknown[]) => unknown).apply(this, args) as never;
    });
    try {
      for (const path of paths) await t.http.get(path).set(owner.auth).expect(200);
    } finally {
      spy.mockRestore();
    }
    const plans = { generic: 0, custom: 0 };
    // The connections are idle in their pool again: nothing else runs in this test.
    for (const [client, names] of executed) {
      const { rows } = await client.query<PlanCounts>('SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = ANY($1)', [[...names]]);
      expect(rows).toHaveLength(names.size);
      for (const row of rows) {
        plans.generic += Number(row.generic_plans);
        plans.custom += Number(row.custom_plans);
      }
    }
    return plans;
  }

  it('a list page or a conversation page is never planned per call', async () => {
    const pages = Array.from({ length: 8 }, (_, i) => `/api/v1/candidates?page=${i + 1}&per_page=1`);
    expect(await plansAfter(pages)).toEqual({ generic: 8, custom: 0 });
    const jobPages = Array.from({ length: 8 }, (_, i) => `/api/v1/jobs/${jobId}/candidates?status=new&page=${(i % 4) + 1}&per_page=1`);
    expect(await plansAfter(jobPages)).toEqual({ generic: 8, custom: 0 });
    const conversation = Array.from({ length: 8 }, (_, i) => `/api/v1/conversation/${interviewId}?page=${(i % 2) + 1}&per_page=1`);
    expect(await plansAfter(conversation)).toEqual({ generic: 8, custom: 0 });
  });

  it('a search is planned for its terms', async () => {
    // Six different pages: a page read again while unchanged is answered from memory after a version read
    // (see test/remembered-pages.e2e-spec.ts), which is not the search.
    const searches = Array.from({ length: 6 }, (_, i) => `/api/v1/candidates?q=planned&page=${i + 1}&per_page=1`);
    const plans = await plansAfter(searches);
    expect(plans.custom).toBeGreaterThanOrEqual(5);
    expect(plans.generic + plans.custom).toBe(6);
    // And a list page after it, on a connection that planned the search, is not planned per call again.
    expect(await plansAfter(Array.from({ length: 6 }, (_, i) => `/api/v1/candidates?job_id=${jobId}&page=${i + 1}&per_page=1`))).toEqual({ generic: 6, custom: 0 });
  });
});
