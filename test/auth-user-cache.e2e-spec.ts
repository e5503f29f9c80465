import { createInstancePair, InstancePair, TestApp } from './helpers/app';
import { addUser, registerAdmin } from './helpers/factories';

/**
 * A changed role or a deleted user takes effect on the very next request, whichever instance serves it:
 * on PostgreSQL (several instances may share it) the guard reads the user on every request; the embedded
 * database belongs to one process, whose cache every change goes through.
 */
describe('authentication of a changed user', () => {
  const shared = process.env.TEST_DATABASE_URL !== undefined;
  let pair: InstancePair | undefined;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    pair = await createInstancePair();
    ({ a, b } = pair);
  }, 60_000);

  afterAll(async () => {
    await pair?.close();
  });

  it('a role change applies to the next request, on this instance and on the others, every time', async () => {
    const owner = await registerAdmin(a.http);
    const recruiter = await addUser(a.http, owner, 'recruiter');
    for (let round = 0; round < 10; round++) {
      // Both instances have just served (and, where they may, remembered) the recruiter.
      await a.http.get('/api/v1/users').set(recruiter.auth).expect(200);
      await b.http.get('/api/v1/users').set(recruiter.auth).expect(200);
      await a.http.patch(`/api/v1/users/${recruiter.userId}`).set(owner.auth).send({ role: 'readonly' }).expect(200);
      await b.http.get('/api/v1/users').set(recruiter.auth).expect(403);
      await a.http.get('/api/v1/users').set(recruiter.auth).expect(403);
      await b.http.patch(`/api/v1/users/${recruiter.userId}`).set(owner.auth).send({ role: 'recruiter' }).expect(200);
    }
    await a.http.get('/api/v1/auth/me').set(recruiter.auth).expect(200);
    await b.http.get('/api/v1/auth/me').set(recruiter.auth).expect(200);
    await a.http.delete(`/api/v1/users/${recruiter.userId}`).set(owner.auth).expect(204);
    await b.http.get('/api/v1/auth/me').set(recruiter.auth).expect(401);
    await a.http.get('/api/v1/auth/me').set(recruiter.auth).expect(401);
  });

  if (shared) it('on PostgreSQL a change made outside the API applies too: nothing is remembered', async () => {
    const owner = await registerAdmin(a.http);
    const recruiter = await addUser(a.http, owner, 'recruiter');
    await b.http.get('/api/v1/users').set(recruiter.auth).expect(200);
    await a.dataSource.query(`UPDATE users SET role = 'readonly' WHERE id = $1`, [recruiter.userId]);
    await b.http.get('/api/v1/users').set(recruiter.auth).expect(403);
  });
});
