import { jest } from '@jest/globals';
import pg from 'pg';
import { createTestApp, TestApp } from './helpers/app';
import { addUser, createInterview, expectError, registerAdmin, Session } from './helpers/factories';

/**
 * The hottest reads (`@HotRead()`: the candidate lists and the conversation) check the access token's user in
 * the same round trip as the page: one query to the database per request. The user is still read on every
 * request (where no exact cache holds them), so a deleted user's token is refused on the next request, and a
 * refused token answers 401 before anything the request would have answered otherwise.
 */
describe('hot reads: the access token is checked in the read’s own round trip', () => {
  let t: TestApp;
  let owner: Session;
  let jobId: number;
  let interviewId: number;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerAdmin(t.http);
    ({ jobId, interviewId } = await createInterview(t.http, owner, { messages: ['Tell me about a project.'] }));
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  const hotPaths = () => [`/api/v1/candidates?page=1&per_page=20`, `/api/v1/jobs/${jobId}/candidates`, `/api/v1/conversation/${interviewId}`];

  /** The statements of each query the API sends to the database while `work` runs that execute a hot read. */
  async function hotQueries(work: () => Promise<unknown>): Promise<string[]> {
    const sent: string[] = [];
    const original = pg.Client.prototype.query;
    const spy = jest.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: pg.Client, ...args: unknown[]) {
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text;
      if (text?.includes('EXECUTE hot_')) sent.push(text);
      return (original as (...a: unknown[]) => unknown).apply(this, args) as never;
    });
    try {
      await work();
    } finally {
      spy.mockRestore();
    }
    return sent;
  }

  it('a user not yet known is read with the page, in one query', async () => {
    for (const path of hotPaths()) {
      // A fresh session: nothing has read this user yet, in any cache.
      const reader = await addUser(t.http, owner, 'readonly');
      let body: unknown;
      const sent = await hotQueries(async () => {
        body = (await t.http.get(path).set(reader.auth).expect(200)).body;
      });
      expect(body).toEqual(expect.any(Array));
      expect((body as unknown[]).length).toBeGreaterThan(0);
      expect(sent).toHaveLength(1);
      expect(sent[0].match(/EXECUTE hot_/g)).toHaveLength(2);
    }
  });

  it('a deleted user is refused on the next hot read, whatever else the request would have answered', async () => {
    const elsewhere = await createInterview(t.http, await registerAdmin(t.http, 'Other Org'));

    const recruiter = await addUser(t.http, owner, 'recruiter');
    for (const path of hotPaths()) await t.http.get(path).set(recruiter.auth).expect(200);
    await t.http.delete(`/api/v1/users/${recruiter.userId}`).set(owner.auth).expect(204);

    for (const path of hotPaths()) expectError((await t.http.get(path).set(recruiter.auth).expect(401)).body, 'UNAUTHORIZED');
    // Input the route refuses (400), and a resource of another organization (404): the token is refused first.
    expectError((await t.http.get('/api/v1/candidates?per_page=0').set(recruiter.auth).expect(401)).body, 'UNAUTHORIZED');
    expectError((await t.http.get(`/api/v1/conversation/${elsewhere.interviewId}`).set(recruiter.auth).expect(401)).body, 'UNAUTHORIZED');
    expectError((await t.http.get(`/api/v1/jobs/${elsewhere.jobId}/candidates`).set(recruiter.auth).expect(401)).body, 'UNAUTHORIZED');
    expectError((await t.http.get(`/api/v1/conversation/999999999`).set(recruiter.auth).expect(401)).body, 'UNAUTHORIZED');
    // The owner's reads are unaffected.
    for (const path of hotPaths()) await t.http.get(path).set(owner.auth).expect(200);
  });

  it('a refused token answers 401 rather than 429 once its rate limit is spent', async () => {
    const limited = await createTestApp({ RATE_LIMIT_API: '3' });
    try {
      const admin = await registerAdmin(limited.http);
      const reader = await addUser(limited.http, admin, 'readonly');
      for (let i = 0; i < 3; i++) await limited.http.get('/api/v1/candidates').set(reader.auth).expect(200);
      expectError((await limited.http.get('/api/v1/candidates').set(reader.auth).expect(429)).body, 'RATE_LIMITED');
      await limited.http.delete(`/api/v1/users/${reader.userId}`).set(admin.auth).expect(204);
      expectError((await limited.http.get('/api/v1/candidates').set(reader.auth).expect(401)).body, 'UNAUTHORIZED');
    } finally {
      await limited.close();
    }
  });

  it('a user who is not refused still gets the route’s own answers for bad input and other organizations’ ids', async () => {
    const reader = await addUser(t.http, owner, 'readonly');
    expectError((await t.http.get('/api/v1/candidates?per_page=0').set(reader.auth).expect(400)).body, 'VALIDATION_ERROR');
    const fresh = await addUser(t.http, owner, 'readonly');
    expectError((await t.http.get('/api/v1/conversation/999999999').set(fresh.auth).expect(404)).body, 'NOT_FOUND');
  });
});
