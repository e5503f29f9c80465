import { createTestApp, TestApp } from './helpers/app';
import { createTenant, expectError, login, PASSWORD, TestTenant, uniqueEmail } from './helpers/factories';

describe('users (admin user management)', () => {
  let t: TestApp;
  let acme: TestTenant;
  let globex: TestTenant;

  beforeAll(async () => {
    t = await createTestApp();
    acme = await createTenant(t.http, 'Acme');
    globex = await createTenant(t.http, 'Globex');
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  describe('GET /users', () => {
    it("lists only the caller's organization, for admins and recruiters", async () => {
      for (const who of [acme.admin, acme.recruiter]) {
        const res = await t.http.get('/api/v1/users').set(who.auth).expect(200);
        expect(res.body.map((u: { id: number }) => u.id)).toEqual([acme.admin.userId, acme.recruiter.userId, acme.readonly.userId]);
        expect(res.body.every((u: { tenant_id: number }) => u.tenant_id === acme.tenantId)).toBe(true);
        expect(res.headers['x-total-count']).toBe('3');
        expect(JSON.stringify(res.body)).not.toMatch(/password/);
      }
    });

    it('is forbidden to readonly and needs a token', async () => {
      expectError((await t.http.get('/api/v1/users').set(acme.readonly.auth).expect(403)).body, 'FORBIDDEN');
      await t.http.get('/api/v1/users').expect(401);
    });
  });

  describe('POST /users', () => {
    it('lets an admin add a user who can then log in', async () => {
      const email = uniqueEmail('new');
      const res = await t.http.post('/api/v1/users').set(acme.admin.auth).send({ email, name: 'New Person', role: 'readonly', password: PASSWORD }).expect(201);
      expect(res.body).toEqual({ id: expect.any(Number), tenant_id: acme.tenantId, email, name: 'New Person', role: 'readonly', created_at: expect.any(String) });
      const session = await login(t.http, email);
      expect(session.role).toBe('readonly');
    });

    it('is forbidden to recruiters and readonly users', async () => {
      const body = { email: uniqueEmail(), name: 'X', role: 'admin', password: PASSWORD };
      expectError((await t.http.post('/api/v1/users').set(acme.recruiter.auth).send(body).expect(403)).body, 'FORBIDDEN');
      await t.http.post('/api/v1/users').set(acme.readonly.auth).send(body).expect(403);
      await t.http.post('/api/v1/users').send(body).expect(401);
    });

    it('validates role, e-mail and unknown fields', async () => {
      const bad = [
        { email: uniqueEmail(), name: 'X', role: 'owner' },
        { email: 'nope', name: 'X', role: 'readonly' },
        { email: uniqueEmail(), name: 'X', role: 'readonly', tenant_id: globex.tenantId },
        { email: uniqueEmail(), name: '', role: 'readonly' },
      ];
      for (const body of bad) expectError((await t.http.post('/api/v1/users').set(acme.admin.auth).send(body).expect(400)).body, 'VALIDATION_ERROR');
    });

    it('answers 409 for an existing e-mail', async () => {
      const res = await t.http.post('/api/v1/users').set(acme.admin.auth).send({ email: globex.readonly.email, name: 'X', role: 'readonly' }).expect(409);
      expectError(res.body, 'CONFLICT');
    });
  });

  describe('PATCH /users/:id', () => {
    it('changes role; the new role applies to the existing token at once', async () => {
      const target = await t.http.post('/api/v1/users').set(acme.admin.auth).send({ email: uniqueEmail(), name: 'R', role: 'recruiter', password: PASSWORD }).expect(201);
      const session = await login(t.http, target.body.email);
      await t.http.get('/api/v1/users').set(session.auth).expect(200);
      const res = await t.http.patch(`/api/v1/users/${target.body.id}`).set(acme.admin.auth).send({ role: 'readonly', name: 'Now Readonly' }).expect(200);
      expect(res.body).toMatchObject({ role: 'readonly', name: 'Now Readonly' });
      await t.http.get('/api/v1/users').set(session.auth).expect(403);
    });

    it("answers 404 for another organization's user", async () => {
      expectError((await t.http.patch(`/api/v1/users/${globex.recruiter.userId}`).set(acme.admin.auth).send({ name: 'hijack' }).expect(404)).body, 'NOT_FOUND');
      const still = await t.http.get('/api/v1/users').set(globex.admin.auth).expect(200);
      expect(still.body.find((u: { id: number }) => u.id === globex.recruiter.userId).name).not.toBe('hijack');
    });

    it('is forbidden to recruiters, and rejects bad input', async () => {
      await t.http.patch(`/api/v1/users/${acme.readonly.userId}`).set(acme.recruiter.auth).send({ name: 'x' }).expect(403);
      await t.http.patch(`/api/v1/users/${acme.readonly.userId}`).send({ name: 'x' }).expect(401);
      await t.http.patch(`/api/v1/users/${acme.readonly.userId}`).set(acme.admin.auth).send({ role: 'god' }).expect(400);
      await t.http.patch(`/api/v1/users/${acme.readonly.userId}`).set(acme.admin.auth).send({ email: 'x@y.z' }).expect(400);
    });

    it('refuses to demote the last admin', async () => {
      expectError((await t.http.patch(`/api/v1/users/${globex.admin.userId}`).set(globex.admin.auth).send({ role: 'recruiter' }).expect(409)).body, 'CONFLICT');
    });
  });

  describe('DELETE /users/:id', () => {
    it('removes a user and ends their sessions', async () => {
      const created = await t.http.post('/api/v1/users').set(acme.admin.auth).send({ email: uniqueEmail(), name: 'Gone', role: 'recruiter', password: PASSWORD }).expect(201);
      const session = await login(t.http, created.body.email);
      await t.http.delete(`/api/v1/users/${created.body.id}`).set(acme.admin.auth).expect(204);
      await t.http.get('/api/v1/auth/me').set(session.auth).expect(401);
      await t.http.post('/api/v1/auth/refresh').send({ refresh_token: session.refreshToken }).expect(401);
      await t.http.delete(`/api/v1/users/${created.body.id}`).set(acme.admin.auth).expect(404);
    });

    it("answers 404 for another organization's user, 403 for non-admins, 401 without a token", async () => {
      await t.http.delete(`/api/v1/users/${globex.readonly.userId}`).set(acme.admin.auth).expect(404);
      await t.http.delete(`/api/v1/users/${acme.readonly.userId}`).set(acme.recruiter.auth).expect(403);
      await t.http.delete(`/api/v1/users/${acme.readonly.userId}`).expect(401);
      await t.http.delete('/api/v1/users/abc').set(acme.admin.auth).expect(400);
    });

    it('refuses to delete the last admin', async () => {
      await t.http.delete(`/api/v1/users/${globex.admin.userId}`).set(globex.admin.auth).expect(409);
    });
  });
});
