/**
 * Access-log overhead: requests per second of a simple authenticated GET with access logging on, and
 * with the writer replaced by a no-op, alternating in one process (same app, same database).
 *
 *   npm run bench:access-log
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/app.factory';
import { AccessLogWriter } from '../src/audit/access-log.writer';
import { loadConfig } from '../src/config/app-config';

const SECONDS = Number(process.env.SECONDS_PER_ROUND ?? 4);
const CONCURRENCY = 16;
const ROUNDS = 3;

function get(agent: Agent, port: number, path: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

async function rps(port: number, path: string, token: string): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const deadline = performance.now() + SECONDS * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        if ((await get(agent, port, path, token)) !== 200) throw new Error('request failed');
        done++;
      }
    }),
  );
  agent.destroy();
  return done / SECONDS;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hirevision-bench-'));
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', RATE_LIMIT_API: '100000000', RATE_LIMIT_AUTH: '1000' });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  try {
    const reg = await fetch(`http://127.0.0.1:${port}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ organization_name: 'Bench', name: 'B', email: `bench.${Date.now()}@example.com`, password: 'bench password 1' }),
    });
    const token = ((await reg.json()) as { access_token: string }).access_token;
    const job = await fetch(`http://127.0.0.1:${port}/api/v1/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ title: 'Bench job' }),
    });
    const path = `/api/v1/jobs/${((await job.json()) as { id: number }).id}`;
    const writer = app.get(AccessLogWriter);
    const real = writer.write.bind(writer);
    const noop = () => undefined;
    await rps(port, path, token); // warm-up
    const on: number[] = [];
    const off: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      writer.write = noop;
      off.push(await rps(port, path, token));
      writer.write = real;
      on.push(await rps(port, path, token));
      await writer.flush();
    }
    const best = (xs: number[]) => Math.max(...xs);
    const stored = (await app.get(AccessLogWriter).flush(), await fetch(`http://127.0.0.1:${port}/api/v1/audit/access-logs?per_page=1`, { headers: { authorization: `Bearer ${token}` } })).headers.get('x-total-count');
    console.log(`GET ${path.replace(/\d+$/, ':id')} with a bearer token, ${CONCURRENCY} concurrent, ${ROUNDS} × ${SECONDS} s rounds, ${config.usesEmbeddedDatabase ? 'embedded PostgreSQL' : 'PostgreSQL'}`);
    console.log(`without access logging: ${off.map((x) => x.toFixed(0)).join(' / ')} req/s (best ${best(off).toFixed(0)})`);
    console.log(`with access logging:    ${on.map((x) => x.toFixed(0)).join(' / ')} req/s (best ${best(on).toFixed(0)})`);
    console.log(`ratio with/without: ${(best(on) / best(off)).toFixed(3)}; rows written: ${stored}`);
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
