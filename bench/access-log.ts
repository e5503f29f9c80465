/**
 * Access-log overhead: requests per second of a simple authenticated GET with access logging on, and
 * with the writer replaced by a no-op, alternating in one process (same app, same database).
 *
 *   npm run bench:access-log
 */
import { Agent, request } from 'node:http';
import { AccessLogWriter } from '../src/audit/access-log.writer';
import { call, dbLabel, registerAdmin, run, withBenchApp } from './support';

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

run(() =>
  withBenchApp({}, async ({ app, config, base, port }) => {
    const token = await registerAdmin(base);
    const job = await call(base, 'POST', '/api/v1/jobs', { title: 'Bench job' }, token);
    const path = `/api/v1/jobs/${String(job.id)}`;
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
    console.log(`GET /api/v1/jobs/:id with a bearer token, ${CONCURRENCY} concurrent, ${ROUNDS} × ${SECONDS} s rounds, ${dbLabel(config)}`);
    console.log(`without access logging: ${off.map((x) => x.toFixed(0)).join(' / ')} req/s (best ${best(off).toFixed(0)})`);
    console.log(`with access logging:    ${on.map((x) => x.toFixed(0)).join(' / ')} req/s (best ${best(on).toFixed(0)})`);
    console.log(`ratio with/without: ${(best(on) / best(off)).toFixed(3)}`);
  }),
);
