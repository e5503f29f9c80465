import { OutboxDispatcher } from '../src/mail/outbox.dispatcher';
import { createTestApp, TestApp } from './helpers/app';
import { expectError, login, PASSWORD, registerAdmin, uniqueEmail } from './helpers/factories';

describe('auth', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  describe('register', () => {
    it('creates an organization and its admin, answering tokens and the user', async () => {
      const email = uniqueEmail('Founder');
      const res = await t.http
        .post('/api/v1/auth/register')
        .send({ organization_name: 'Globex', name: 'Grace Hopper', email, password: PASSWORD })
        .expect(201);
      expect(res.body).toEqual({
        access_token: expect.any(String),
        refresh_token: expect.any(String),
        token_type: 'Bearer',
        expires_in: 900,
        user: { id: expect.any(Number), tenant_id: expect.any(Number), email: email.toLowerCase(), name: 'Grace Hopper', role: 'admin', created_at: expect.any(String) },
      });
      expect(new Date(res.body.user.created_at).toISOString()).toBe(res.body.user.created_at);
      const stored = await t.dataSource.query('SELECT password_hash FROM users WHERE id = $1', [res.body.user.id]);
      expect(stored[0].password_hash).toMatch(/^scrypt\$/);
      expect(stored[0].password_hash).not.toContain(PASSWORD);
    });

    it('answers 409 for an e-mail already registered, in any letter case', async () => {
      const admin = await registerAdmin(t.http);
      const res = await t.http
        .post('/api/v1/auth/register')
        .send({ organization_name: 'Other', name: 'X', email: admin.email.toUpperCase(), password: PASSWORD })
        .expect(409);
      expectError(res.body, 'CONFLICT');
    });

    it('requires a password of at least 10 characters', async () => {
      const res = await t.http
        .post('/api/v1/auth/register')
        .send({ organization_name: 'O', name: 'N', email: uniqueEmail(), password: '123456789' })
        .expect(400);
      expect(expectError(res.body, 'VALIDATION_ERROR').details).toEqual([expect.objectContaining({ field: 'password' })]);
    });
  });

  describe('login', () => {
    it('logs in with the right password', async () => {
      const admin = await registerAdmin(t.http);
      const res = await t.http.post('/api/v1/auth/login').send({ email: admin.email, password: PASSWORD }).expect(200);
      expect(res.body.user.id).toBe(admin.userId);
      expect(res.body.token_type).toBe('Bearer');
    });

    it('answers the same 401 for a wrong password and an unknown e-mail', async () => {
      const admin = await registerAdmin(t.http);
      const wrong = await t.http.post('/api/v1/auth/login').send({ email: admin.email, password: 'wrong password!' }).expect(401);
      const unknown = await t.http.post('/api/v1/auth/login').send({ email: uniqueEmail(), password: 'wrong password!' }).expect(401);
      expectError(wrong.body, 'UNAUTHORIZED');
      expect(wrong.body.error.message).toBe(unknown.body.error.message);
    });
  });

  describe('refresh, rotation and re-use', () => {
    it('rotates: the new token works, the old one is dead', async () => {
      const admin = await registerAdmin(t.http);
      const rotated = await t.http.post('/api/v1/auth/refresh').send({ refresh_token: admin.refreshToken }).expect(200);
      expect(rotated.body.refresh_token).not.toBe(admin.refreshToken);
      await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${rotated.body.access_token}`).expect(200);
      const again = await t.http.post('/api/v1/auth/refresh').send({ refresh_token: rotated.body.refresh_token }).expect(200);
      expect(again.body.user.id).toBe(admin.userId);
    });

    it('re-use of a rotated token revokes the whole family', async () => {
      const admin = await registerAdmin(t.http);
      const rotated = await t.http.post('/api/v1/auth/refresh').send({ refresh_token: admin.refreshToken }).expect(200);
      // An attacker replays the old token…
      expectError((await t.http.post('/api/v1/auth/refresh').send({ refresh_token: admin.refreshToken }).expect(401)).body, 'UNAUTHORIZED');
      // …and the legitimate holder's newer token is dead too.
      await t.http.post('/api/v1/auth/refresh').send({ refresh_token: rotated.body.refresh_token }).expect(401);
      // Another login (another family) is unaffected.
      const other = await login(t.http, admin.email);
      await t.http.post('/api/v1/auth/refresh').send({ refresh_token: other.refreshToken }).expect(200);
    });

    it('two concurrent refreshes of one token: one wins, the family is revoked', async () => {
      const admin = await registerAdmin(t.http);
      const results = await Promise.all([
        t.http.post('/api/v1/auth/refresh').send({ refresh_token: admin.refreshToken }),
        t.http.post('/api/v1/auth/refresh').send({ refresh_token: admin.refreshToken }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    });

    it('rejects an unknown refresh token and a malformed body', async () => {
      expectError((await t.http.post('/api/v1/auth/refresh').send({ refresh_token: 'nope' }).expect(401)).body, 'UNAUTHORIZED');
      for (const body of [{}, { refresh_token: '' }, { refresh_token: 5 }, { refresh_token: 'x', user_id: 1 }]) {
        expectError((await t.http.post('/api/v1/auth/refresh').send(body).expect(400)).body, 'VALIDATION_ERROR');
      }
    });
  });

  describe('logout', () => {
    it('revokes the refresh token', async () => {
      const admin = await registerAdmin(t.http);
      await t.http.post('/api/v1/auth/logout').send({ refresh_token: admin.refreshToken }).expect(204);
      await t.http.post('/api/v1/auth/refresh').send({ refresh_token: admin.refreshToken }).expect(401);
    });

    it('validates its input', async () => {
      expectError((await t.http.post('/api/v1/auth/logout').send({}).expect(400)).body, 'VALIDATION_ERROR');
    });
  });

  describe('me', () => {
    it('reads and updates the current user', async () => {
      const admin = await registerAdmin(t.http);
      const me = await t.http.get('/api/v1/auth/me').set(admin.auth).expect(200);
      expect(me.body).toMatchObject({ id: admin.userId, tenant_id: admin.tenantId, role: 'admin' });
      const patched = await t.http.patch('/api/v1/auth/me').set(admin.auth).send({ name: 'Renamed' }).expect(200);
      expect(patched.body.name).toBe('Renamed');
    });

    it('refuses to change role or tenant through /auth/me', async () => {
      const admin = await registerAdmin(t.http);
      const res = await t.http.patch('/api/v1/auth/me').set(admin.auth).send({ role: 'readonly', tenant_id: 999 }).expect(400);
      expectError(res.body, 'VALIDATION_ERROR');
    });

    it("answers 409 when the new e-mail is someone else's", async () => {
      const a = await registerAdmin(t.http);
      const b = await registerAdmin(t.http);
      expectError((await t.http.patch('/api/v1/auth/me').set(a.auth).send({ email: b.email }).expect(409)).body, 'CONFLICT');
    });

    it('answers 401 without a token', async () => {
      await t.http.get('/api/v1/auth/me').expect(401);
      await t.http.patch('/api/v1/auth/me').send({ name: 'x' }).expect(401);
    });
  });

  describe('change-password', () => {
    it('changes the password and ends every session', async () => {
      const admin = await registerAdmin(t.http);
      const newPassword = 'a brand new passphrase';
      await t.http
        .post('/api/v1/auth/change-password')
        .set(admin.auth)
        .send({ current_password: PASSWORD, new_password: newPassword })
        .expect(204);
      await t.http.post('/api/v1/auth/refresh').send({ refresh_token: admin.refreshToken }).expect(401);
      await t.http.post('/api/v1/auth/login').send({ email: admin.email, password: PASSWORD }).expect(401);
      await login(t.http, admin.email, newPassword);
    });

    it('requires the current password', async () => {
      const admin = await registerAdmin(t.http);
      const res = await t.http
        .post('/api/v1/auth/change-password')
        .set(admin.auth)
        .send({ current_password: 'not my password', new_password: 'a brand new passphrase' })
        .expect(400);
      expectError(res.body, 'VALIDATION_ERROR');
      await t.http.post('/api/v1/auth/change-password').send({ current_password: 'x', new_password: 'y' }).expect(401);
    });
  });

  describe('invited users set their password from the e-mail', () => {
    it('creates a user without a password, e-mails a link, and the link sets it once', async () => {
      const admin = await registerAdmin(t.http);
      const email = uniqueEmail('invited');
      const created = await t.http.post('/api/v1/users').set(admin.auth).send({ email, name: 'Invited', role: 'recruiter' }).expect(201);
      await t.http.post('/api/v1/auth/login').send({ email, password: PASSWORD }).expect(401);

      await t.app.get(OutboxDispatcher).dispatchDue();
      const outbox = await t.http.get('/api/v1/dev/outbox').set(admin.auth).expect(200);
      const mail = outbox.body.find((m: { to: string }) => m.to === email);
      expect(mail).toMatchObject({ kind: 'password_setup', status: 'sent' });
      expect(mail.html).toContain('Set your password');
      const token = /#token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
      expect(token).toBeDefined();

      const set = await t.http.post('/api/v1/auth/set-password').send({ token, password: PASSWORD }).expect(200);
      expect(set.body.user.id).toBe(created.body.id);
      await login(t.http, email);
      expectError((await t.http.post('/api/v1/auth/set-password').send({ token, password: PASSWORD }).expect(400)).body, 'INVALID_TOKEN');
      for (const body of [{ token }, { token, password: 'short' }, { password: PASSWORD }, { token, password: PASSWORD, role: 'admin' }]) {
        expectError((await t.http.post('/api/v1/auth/set-password').send(body).expect(400)).body, 'VALIDATION_ERROR');
      }
    });
  });
});
