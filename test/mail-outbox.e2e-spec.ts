import { randomBytes } from 'node:crypto';
import { OutboxDispatcher } from '../src/mail/outbox.dispatcher';
import { createTestApp, TestApp } from './helpers/app';
import { createCandidate, createJob, createTenant, sendLink, TestTenant } from './helpers/factories';
import { json, startStubServer, StubServer } from './helpers/stub-server';

/** The Resend provider against a local stand-in of its API: an outage delays mail, never loses or repeats it. */
describe('outbox with the Resend provider', () => {
  let resend: StubServer;
  let t: TestApp;
  let acme: TestTenant;

  beforeAll(async () => {
    resend = await startStubServer();
    t = await createTestApp({ RESEND_API_KEY: 're_test_123456', RESEND_BASE_URL: resend.url, MAIL_FROM: 'hiring@acme.example', MAIL_FROM_NAME: 'Acme Hiring', MAIL_MAX_ATTEMPTS: '3' });
    acme = await createTenant(t.http, 'Acme');
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await resend?.close();
  });

  const outboxRow = async (to: string) =>
    (await t.dataSource.query('SELECT id, status, attempts, last_error, provider_message_id FROM outbox_messages WHERE to_address = $1', [to]))[0];
  const makeDue = (id: number) => t.dataSource.query('UPDATE outbox_messages SET next_attempt_at = now() WHERE id = $1', [id]);

  it('keeps the message through an outage and delivers it once on recovery', async () => {
    const dispatcher = t.app.get(OutboxDispatcher);
    const job = await createJob(t.http, acme.admin, { title: 'Support Lead' });
    const candidate = await createCandidate(t.http, acme.admin, job.id, { name: 'Linus Torvalds' });
    await dispatcher.dispatchDue(); // drain anything already due (the admin's own mails)
    resend.requests.length = 0;

    resend.handle((_req, res) => json(res, 503, { name: 'internal_server_error', message: 'down for maintenance' }));
    const invite = await sendLink(t.http, acme.admin, candidate.id);
    expect(invite.email_status).toBe('queued');
    await dispatcher.dispatchDue();
    let row = await outboxRow(candidate.email);
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.last_error).toMatch(/Resend refused/);
    expect(row.last_error).not.toContain('re_test_123456');

    // Not due yet: backoff holds it.
    const before = resend.requests.length;
    await dispatcher.dispatchDue();
    expect(resend.requests.length).toBe(before);

    resend.handle((_req, res) => json(res, 200, { id: 'resend-msg-1' }));
    await makeDue(row.id);
    await dispatcher.dispatchDue();
    row = await outboxRow(candidate.email);
    expect(row).toMatchObject({ status: 'sent', attempts: 2, provider_message_id: 'resend-msg-1', last_error: null });

    await makeDue(row.id);
    await dispatcher.dispatchDue();
    const deliveries = resend.requests.filter((r) => r.body.includes(candidate.email));
    expect(deliveries).toHaveLength(2); // one refused, one accepted; nothing after "sent"
    const sent = deliveries[1];
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe('/emails');
    expect(sent.headers.authorization).toBe('Bearer re_test_123456');
    expect(sent.headers['idempotency-key']).toBe(`outbox-${row.id}`);
    const body = JSON.parse(sent.body);
    expect(body).toMatchObject({ from: 'Acme Hiring <hiring@acme.example>', to: [candidate.email], subject: 'Your interview for Support Lead at Acme' });
    expect(body.html).toContain('Linus Torvalds');
    expect(body.text).toContain(invite.token);
    expect(body.html).toContain(invite.expires_at.slice(0, 10));
  });

  it('marks a message failed after MAIL_MAX_ATTEMPTS and keeps it listed', async () => {
    const dispatcher = t.app.get(OutboxDispatcher);
    const job = await createJob(t.http, acme.admin);
    const candidate = await createCandidate(t.http, acme.admin, job.id);
    resend.handle((_req, res) => json(res, 500, { name: 'application_error', message: 'boom' }));
    await sendLink(t.http, acme.admin, candidate.id);
    for (let i = 0; i < 3; i++) {
      const row = await outboxRow(candidate.email);
      await makeDue(row.id);
      await dispatcher.dispatchDue();
    }
    expect(await outboxRow(candidate.email)).toMatchObject({ status: 'failed', attempts: 3 });
    const listed = await t.http.get('/api/v1/dev/outbox').set(acme.admin.auth).expect(200);
    expect(listed.body.find((m: { to: string }) => m.to === candidate.email)).toMatchObject({ status: 'failed', attempts: 3 });
  });

  it('the dev outbox is admin-only and per organization', async () => {
    const other = await createTenant(t.http, 'Other');
    const list = await t.http.get('/api/v1/dev/outbox').set(other.admin.auth).expect(200);
    expect(list.body.every((m: { to: string }) => !m.to.includes('ada'))).toBe(true);
    await t.http.get('/api/v1/dev/outbox').set(acme.recruiter.auth).expect(403);
    await t.http.get('/api/v1/dev/outbox').expect(401);
    await t.http.get('/api/v1/dev/outbox?per_page=0').set(acme.admin.auth).expect(400);
  });
});

describe('production builds', () => {
  it('do not serve the dev outbox', async () => {
    const t = await createTestApp({ NODE_ENV: 'production', JWT_SECRET: randomBytes(48).toString('base64url') });
    try {
      const tenant = await createTenant(t.http, 'Prod');
      await t.http.get('/api/v1/dev/outbox').set(tenant.admin.auth).expect(404);
    } finally {
      await t.close();
    }
  }, 60_000);
});
