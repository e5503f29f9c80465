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

export interface JobBody {
  title?: string;
  description?: string;
  skills?: string[];
  location?: string;
  is_active?: boolean;
}

export async function createJob(http: TestAgent, who: Session, body: JobBody = {}): Promise<{ id: number; title: string; skills: string[] }> {
  const res = await http
    .post('/api/v1/jobs')
    .set(who.auth)
    .send({ title: 'Backend Engineer', description: 'Build APIs with Node.js and PostgreSQL.', skills: ['TypeScript', 'PostgreSQL'], ...body })
    .expect(201);
  return res.body;
}

export async function createCandidate(
  http: TestAgent,
  who: Session,
  jobId: number,
  body: Record<string, unknown> = {},
): Promise<{ id: number; email: string; name: string; job_id: number }> {
  const res = await http
    .post(`/api/v1/jobs/${jobId}/candidates`)
    .set(who.auth)
    .send({ name: 'Ada Lovelace', email: uniqueEmail('ada'), ...body })
    .expect(201);
  return res.body;
}

/**
 * An interview of a new candidate, opened by the recruiter (no invite), whose conversation holds `messages`
 * from the assistant in order. The job is `jobId`, or a new one.
 */
export async function createInterview(
  http: TestAgent,
  who: Session,
  { jobId, messages = [] }: { jobId?: number; messages?: string[] } = {},
): Promise<{ jobId: number; candidateId: number; interviewId: number }> {
  const job = jobId ?? (await createJob(http, who)).id;
  const candidate = await createCandidate(http, who, job);
  const interviewId: number = (await http.post('/api/v1/interviews').set(who.auth).send({ candidate_id: candidate.id }).expect(201)).body.id;
  for (const [i, content] of messages.entries()) {
    await http.post('/api/v1/conversation').set(who.auth).send({ interview_id: interviewId, role: 'assistant', content, sequence_number: i + 1 }).expect(201);
  }
  return { jobId: job, candidateId: candidate.id, interviewId };
}

/** Sends an invite and returns the raw token from the link. */
export async function sendLink(http: TestAgent, who: Session, candidateId: number, body: Record<string, unknown> = {}) {
  const res = await http.post(`/api/v1/candidates/${candidateId}/send-link`).set(who.auth).send(body).expect(200);
  const token = /#token=([A-Za-z0-9_-]+)$/.exec(res.body.link)?.[1];
  if (!token) throw new Error(`no token in ${res.body.link}`);
  return { ...(res.body as { candidate_id: number; interview_id: number; expires_at: string; link: string; email_status: string }), token };
}
