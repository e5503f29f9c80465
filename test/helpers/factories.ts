import { randomBytes } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent';
import type { Role } from '../../src/users/user.entity';

export const PASSWORD = 'correct horse battery';

export interface Session {
  userId: number;
  tenantId: number;
  email: string;
  role: Role;
  accessToken: string;
  refreshToken: string;
  /** `{ Authorization: 'Bearer …' }` for supertest's `.set()`. */
  auth: { Authorization: string };
}

export interface TestTenant {
  tenantId: number;
  admin: Session;
  recruiter: Session;
  readonly: Session;
}

export const uniqueEmail = (prefix = 'user'): string => `${prefix}.${randomBytes(5).toString('hex')}@example.com`;

function session(body: { access_token: string; refresh_token: string; user: { id: number; tenant_id: number; email: string; role: Role } }): Session {
  return {
    userId: body.user.id,
    tenantId: body.user.tenant_id,
    email: body.user.email,
    role: body.user.role,
    accessToken: body.access_token,
    refreshToken: body.refresh_token,
    auth: { Authorization: `Bearer ${body.access_token}` },
  };
}

export async function registerAdmin(http: TestAgent, organization = 'Acme Ltd'): Promise<Session> {
  const res = await http
    .post('/api/v1/auth/register')
    .send({ organization_name: organization, name: 'Ada Admin', email: uniqueEmail('admin'), password: PASSWORD })
    .expect(201);
  return session(res.body);
}

export async function login(http: TestAgent, email: string, password = PASSWORD): Promise<Session> {
  const res = await http.post('/api/v1/auth/login').send({ email, password }).expect(200);
  return session(res.body);
}

export async function addUser(http: TestAgent, admin: Session, role: Role): Promise<Session> {
  const email = uniqueEmail(role);
  await http.post('/api/v1/users').set(admin.auth).send({ email, name: `${role} user`, role, password: PASSWORD }).expect(201);
  return login(http, email);
}

/** An organization with one user of each role. */
export async function createTenant(http: TestAgent, organization = 'Acme Ltd'): Promise<TestTenant> {
  const admin = await registerAdmin(http, organization);
  const recruiter = await addUser(http, admin, 'recruiter');
  const readonly = await addUser(http, admin, 'readonly');
  return { tenantId: admin.tenantId, admin, recruiter, readonly };
}

/** Asserts the error envelope and returns its body. */
export function expectError(body: unknown, code: string): { code: string; message: string; details?: unknown; request_id: string } {
  const error = (body as { error?: { code: string; message: string; request_id: string } }).error;
  expect(error).toBeDefined();
  expect(error?.code).toBe(code);
  expect(typeof error?.message).toBe('string');
  expect(typeof error?.request_id).toBe('string');
  return error as { code: string; message: string; request_id: string };
}
