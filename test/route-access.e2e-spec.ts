import { createTestApp, TestApp } from './helpers/app';
import { listRoutes } from './helpers/routes';

/**
 * Who may reach each endpoint. A route added, removed or given another access rule fails this test
 * until the list is updated, so every change of access shows up in review.
 */
const EXPECTED = `
POST   /api/v1/admin/retention:run      roles:admin
GET    /api/v1/audit/access-logs            roles:admin
GET    /api/v1/auth/me                      roles:admin,readonly,recruiter
PATCH  /api/v1/auth/me                      roles:admin,readonly,recruiter
POST   /api/v1/auth/change-password         roles:admin,readonly,recruiter
POST   /api/v1/auth/login                   public
POST   /api/v1/auth/logout                  public
POST   /api/v1/auth/refresh                 public
POST   /api/v1/auth/register                public
POST   /api/v1/auth/set-password            public
GET    /api/v1/candidates                   roles:admin,readonly,recruiter
DELETE /api/v1/candidates/:id               roles:admin,recruiter
GET    /api/v1/candidates/:id               roles:admin,readonly,recruiter
PATCH  /api/v1/candidates/:id               roles:admin,recruiter
POST   /api/v1/candidates/:id/send-link     roles:admin,recruiter
POST   /api/v1/conversation                 roles:admin,recruiter
GET    /api/v1/conversation/:interview_id   roles:admin,readonly,recruiter
GET    /api/v1/dev/outbox                   roles:admin
GET    /api/v1/interviews                   roles:admin,readonly,recruiter
POST   /api/v1/interviews                   roles:admin,recruiter
GET    /api/v1/interviews/:id               roles:admin,readonly,recruiter
PATCH  /api/v1/interviews/:id               roles:admin,recruiter
GET    /api/v1/interviews/:id/analysis     roles:admin,readonly,recruiter
POST   /api/v1/interviews/:id/analysis:run roles:admin,recruiter
GET    /api/v1/interviews/:id/transcript    roles:admin,readonly,recruiter
POST   /api/v1/interviews/:id/transcript    roles:admin,recruiter
GET    /api/v1/interviews/:id/uploads       roles:admin,readonly,recruiter
GET    /api/v1/jobs                         roles:admin,readonly,recruiter
POST   /api/v1/jobs                         roles:admin,recruiter
DELETE /api/v1/jobs/:id                     roles:admin,recruiter
GET    /api/v1/jobs/:id                     roles:admin,readonly,recruiter
PATCH  /api/v1/jobs/:id                     roles:admin,recruiter
GET    /api/v1/jobs/:id/candidates          roles:admin,readonly,recruiter
POST   /api/v1/jobs/:id/candidates          roles:admin,recruiter
POST   /api/v1/jobs/:id/candidates/bulk-upload roles:admin,recruiter
GET    /api/v1/jobs/:id/candidates/export   roles:admin,readonly,recruiter
GET    /api/v1/jobs/:id/questions           roles:admin,readonly,recruiter
GET    /api/v1/metrics                      roles:admin,readonly,recruiter
POST   /api/v1/metrics/log-upload           candidate-token
GET    /api/v1/public/interviews/:token     candidate-token
POST   /api/v1/public/interviews/:token/consent candidate-token
POST   /api/v1/public/interviews/:token/messages candidate-token
POST   /api/v1/public/interviews/:token/request-human candidate-token
POST   /api/v1/public/interviews/:token/start candidate-token
GET    /api/v1/settings                     roles:admin,recruiter
PATCH  /api/v1/settings                     roles:admin
POST   /api/v1/settings/webhook-secret:rotate roles:admin
POST   /api/v1/tokens/presign-upload        candidate-token
POST   /api/v1/tokens/verify                candidate-token
GET    /dev-upload/*key                     signature
PUT    /dev-upload/*key                     signature
GET    /api/v1/users                        roles:admin,recruiter
POST   /api/v1/users                        roles:admin
POST   /api/v1/webhooks/analysis-ready      signature
DELETE /api/v1/users/:id                    roles:admin
PATCH  /api/v1/users/:id                    roles:admin
GET    /healthz                             public
GET    /healthz/live                        public
GET    /healthz/ready                       public
GET    /metrics                             metrics-token
`;

const parse = (table: string) =>
  table
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .map(([method, path, access]) => `${method} ${path} ${access}`)
    .sort();

describe('route access list', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('matches the reviewed list of routes and their access rules', () => {
    const actual = listRoutes(t.app).map((r) => `${r.method} ${r.path} ${r.access}`).sort();
    expect(actual).toEqual(parse(EXPECTED));
  });

  it('authenticates every route whose credential is not an access token in a guard of its own', () => {
    const GUARD = { 'candidate-token': 'CandidateTokenGuard', signature: /^Signed(Upload|Webhook)Guard$/, 'metrics-token': 'MetricsTokenGuard' } as const;
    const unguarded = listRoutes(t.app)
      .filter((r) => r.access in GUARD)
      .filter((r) => !r.guards.some((g) => g.match(GUARD[r.access as keyof typeof GUARD])))
      .map((r) => `${r.method} ${r.path} ${r.access}`);
    expect(unguarded).toEqual([]);
    expect(listRoutes(t.app).filter((r) => r.access in GUARD).length).toBe(12);
  });

  it('has no route without an access rule', () => {
    expect(listRoutes(t.app).filter((r) => r.access === 'NONE')).toEqual([]);
  });
});
