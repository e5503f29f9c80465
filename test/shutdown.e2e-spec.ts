import { request as httpRequest, type ClientRequest } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { AccessLogWriter } from '../src/audit/access-log.writer';
import { MetricsRecorder } from '../src/metrics/metrics-recorder';
import { createTestApp, TestApp } from './helpers/app';
import { registerAdmin } from './helpers/factories';

/**
 * A graceful stop (SIGTERM runs app.close()): readiness fails at once, the listener closes, requests in
 * flight finish, and only then are the access-log and metric buffers written and the pool closed.
 * These run on a listening server, as in production, with raw sockets for clients that are mid-request.
 */

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function parse(raw: string): RawResponse {
  const [head, ...rest] = raw.split('\r\n\r\n');
  const [statusLine, ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  return { status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') };
}

/** Reads everything the server sends until it closes the connection. */
function readUntilClosed(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('close', () => resolve(data));
    socket.on('error', reject);
  });
}

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** A POST whose JSON body is sent in two parts, the second when the test says so. */
function slowPost(port: number, path: string, headers: Record<string, string>, body: string) {
  const bytes = Buffer.from(body);
  const req: ClientRequest = httpRequest({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path,
    agent: false,
    headers: { ...headers, 'Content-Type': 'application/json', 'Content-Length': String(bytes.length) },
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
  req.flushHeaders();
  req.write(bytes.subarray(0, 10));
  return { response, finish: () => req.end(bytes.subarray(10)) };
}

async function listen(t: TestApp): Promise<number> {
  await t.app.listen(0, '127.0.0.1');
  return (t.app.getHttpServer().address() as AddressInfo).port;
}

async function connections(t: TestApp): Promise<number> {
  return new Promise((resolve) => t.app.getHttpServer().getConnections((_err: Error | null, n: number) => resolve(n)));
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await condition()) return;
    await sleep(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Reads through a connection of its own: the application's pool is closed by then. */
async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('graceful shutdown', () => {
  it('drains a request in flight, answers readiness 503 meanwhile, then writes its access-log row and counters', async () => {
    // Metrics are only written by the shutdown flush here: their interval never comes.
    const t = await createTestApp({ METRICS_FLUSH_INTERVAL_MS: '60000' });
    try {
      const admin = await registerAdmin(t.http, 'Drain');
      await t.app.get(MetricsRecorder).flush();
      await t.app.get(AccessLogWriter).flush();
      const port = await listen(t);

      // A client sending its body slowly, and a probe on a connection that has begun its request.
      const post = slowPost(port, '/api/v1/jobs', { Authorization: `Bearer ${admin.accessToken}`, 'X-Request-Id': 'in-flight-at-shutdown' }, JSON.stringify({ title: 'Posted during shutdown' }));
      const probe = await openSocket(port);
      const probeAnswer = readUntilClosed(probe);
      probe.write('GET /healthz/ready HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      await until(async () => (await connections(t)) === 2, 'both connections');

      const closeStarted = performance.now();
      let closedAt: number | undefined;
      const closing = t.app.close().then(() => {
        closedAt = performance.now();
      });
      await sleep(300);
      expect(closedAt).toBeUndefined();
      // No new connection is accepted...
      await expect(openSocket(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      // ...and a probe already on an open connection is told the instance is not ready.
      probe.write('\r\n');
      const ready = parse(await probeAnswer);
      expect(ready.status).toBe(503);
      expect(JSON.parse(ready.body)).toEqual({ status: 'error', database: 'up', version: expect.any(String) });
      expect(ready.headers.connection).toBe('close');
      expect(closedAt).toBeUndefined();

      // The slow client finishes: its request completes, then the shutdown does.
      const finishedAt = performance.now();
      post.finish();
      const created = await post.response;
      expect(created.status).toBe(201);
      await closing;
      const drainMs = closedAt! - closeStarted;
      const afterRequestMs = closedAt! - finishedAt;
      expect(afterRequestMs).toBeLessThan(2000);

      const logs = await query<{ status: number; route: string }>(t.db.url, `SELECT status, route FROM access_logs WHERE request_id = 'in-flight-at-shutdown'`);
      expect(logs).toEqual([{ status: 201, route: '/api/v1/jobs' }]);
      const counts = await query<{ n: number }>(t.db.url, 'SELECT coalesce(sum(count), 0)::int AS n FROM request_counts WHERE tenant_id = $1 AND status = 201', [admin.tenantId]);
      expect(counts[0].n).toBe(1);
      const jobs = await query<{ n: number }>(t.db.url, `SELECT count(*)::int AS n FROM jobs WHERE title = 'Posted during shutdown'`);
      expect(jobs[0].n).toBe(1);
      // Measured: shutdown took as long as the client held it (≈300 ms here), plus the flush.
      expect(drainMs).toBeGreaterThanOrEqual(300);
    } finally {
      await t.close();
    }
  }, 60_000);

  it('closes the connections still busy after SHUTDOWN_TIMEOUT_MS, and stops anyway', async () => {
    const t = await createTestApp({ SHUTDOWN_TIMEOUT_MS: '300' });
    try {
      const admin = await registerAdmin(t.http, 'Stuck');
      const port = await listen(t);
      // This client never sends the rest of its body.
      const post = slowPost(port, '/api/v1/jobs', { Authorization: `Bearer ${admin.accessToken}` }, JSON.stringify({ title: 'Never finished' }));
      const outcome = post.response.then(
        () => 'answered',
        (e: NodeJS.ErrnoException) => e.code ?? e.message,
      );
      await until(async () => (await connections(t)) === 1, 'the connection');
      const started = performance.now();
      await t.app.close();
      const elapsed = performance.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(290);
      expect(elapsed).toBeLessThan(5000);
      expect(await outcome).toBe('ECONNRESET');
    } finally {
      await t.close();
    }
  }, 60_000);
});
