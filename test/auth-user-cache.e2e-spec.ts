import { createTestApp, TestApp } from './helpers/app';
import { addUser, registerAdmin } from './helpers/factories';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The guard caches who a token's user is, yet a changed role or a deleted user still takes effect on the
 * next request: on this instance at once, and on every instance sharing the database once the change
 * commits (PostgreSQL NOTIFY). When an instance loses its notification connection it stops trusting
 * the cache until the connection is back.
 */
describe('authentication cache', () => {
  const shared = process.env.TEST_DATABASE_URL !== undefined;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    a = await createTestApp();
    // On PostgreSQL a second instance opens the first one's database; the embedded one is single-process.
    b = shared ? await createTestApp({ DATABASE_URL: a.db.url }) : a;
  }, 60_000);

  afterAll(async () => {
    if (b !== a) await b?.close();
    await a?.close();
  });

  it('a role change applies to the next request, on this instance and on the others', async () => {
    const owner = await registerAdmin(a.http);
    const recruiter = await addUser(a.http, owner, 'recruiter');
    // Both instances have now seen (and cached) the recruiter.
    await a.http.get('/api/v1/users').set(recruiter.auth).expect(200);
    await b.http.get('/api/v1/users').set(recruiter.auth).expect(200);

    await a.http.patch(`/api/v1/users/${recruiter.userId}`).set(owner.auth).send({ role: 'readonly' }).expect(200);
    await a.http.get('/api/v1/users').set(recruiter.auth).expect(403);
    if (shared) await sleep(100); // the notification travels once the change has committed
    await b.http.get('/api/v1/users').set(recruiter.auth).expect(403);

    await a.http.delete(`/api/v1/users/${recruiter.userId}`).set(owner.auth).expect(204);
    await a.http.get('/api/v1/auth/me').set(recruiter.auth).expect(401);
    if (shared) await sleep(100);
    await b.http.get('/api/v1/auth/me').set(recruiter.auth).expect(401);
  });

  if (shared) it('without its notification connection an instance reads the user from the database', async () => {
    const owner = await registerAdmin(a.http);
    const recruiter = await addUser(a.http, owner, 'recruiter');
    await b.http.get('/api/v1/users').set(recruiter.auth).expect(200);
    // Cut every LISTEN connection, then change the role behind the API's back (no notification at all).
    await a.dataSource.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN hirevision_auth_users%' AND pid <> pg_backend_pid()`);
    await sleep(100);
    await a.dataSource.query(`UPDATE users SET role = 'readonly' WHERE id = $1`, [recruiter.userId]);
    await b.http.get('/api/v1/users').set(recruiter.auth).expect(403);
    // Once reconnected (after about a second) the cache is trusted again, and still follows changes.
    await sleep(1500);
    await a.http.patch(`/api/v1/users/${recruiter.userId}`).set(owner.auth).send({ role: 'recruiter' }).expect(200);
    await sleep(100);
    await b.http.get('/api/v1/users').set(recruiter.auth).expect(200);
  });
});
