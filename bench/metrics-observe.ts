/**
 * Cost of recording one response in `http_request_duration_seconds`: prom-client's Histogram (a label
 * object per response, validated and hashed) against RouteDurationHistogram (three map lookups), in alternating
 * rounds in one process, over the same mix of methods, routes, statuses and durations.
 *
 *   npm run bench:metrics
 */
import { Histogram, Registry } from 'prom-client';
import { RouteDurationHistogram } from '../src/metrics/route-duration-histogram';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const ROUNDS = 5;
const PER_ROUND = 1_000_000;

const routes = ['/api/v1/candidates', '/api/v1/jobs/:id/candidates', '/api/v1/conversation/:interviewId', '/api/v1/jobs', '/api/v1/jobs/:id', '/api/v1/interviews/:id', '/healthz', 'unmatched'];
const requests = Array.from({ length: 4096 }, (_, i) => ({
  method: i % 7 === 0 ? 'POST' : 'GET',
  route: routes[(i * 5) % routes.length],
  statusCode: [200, 200, 200, 201, 304, 400, 401, 404][i % 8],
  seconds: ((i * 37) % 1000) / 20_000,
}));

function promClient(): () => void {
  const histogram = new Histogram({ name: 'd', help: 'd', labelNames: ['method', 'route', 'status'] as const, buckets: BUCKETS, registers: [new Registry()] });
  return () => {
    for (let i = 0; i < PER_ROUND; i++) {
      const r = requests[i & 4095];
      histogram.observe({ method: r.method, route: r.route, status: String(r.statusCode) }, r.seconds);
    }
  };
}

function routeDuration(): () => void {
  const histogram = new RouteDurationHistogram('d', 'd', BUCKETS, [new Registry()]);
  return () => {
    for (let i = 0; i < PER_ROUND; i++) {
      const r = requests[i & 4095];
      histogram.observe(r.method, r.route, r.statusCode, r.seconds);
    }
  };
}

function main(): void {
  const variants = { 'prom-client Histogram': promClient(), RouteDurationHistogram: routeDuration() };
  const ns: Record<string, number[]> = {};
  for (let round = 0; round <= ROUNDS; round++) {
    for (const [name, run] of Object.entries(variants)) {
      const t0 = process.hrtime.bigint();
      run();
      const elapsed = Number(process.hrtime.bigint() - t0) / PER_ROUND;
      if (round > 0) (ns[name] ??= []).push(elapsed); // round 0 warms up
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`one observation, median of ${ROUNDS} alternating rounds of ${PER_ROUND.toLocaleString('en')}:`);
  for (const [name, xs] of Object.entries(ns)) console.log(`  ${name.padEnd(24)} ${median(xs).toFixed(0)} ns`);
  const [before, after] = Object.values(ns).map(median);
  console.log(`  ratio RouteDurationHistogram / prom-client: ${(after / before).toFixed(2)}×`);
}

main();
