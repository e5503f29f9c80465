import { Histogram, Registry } from 'prom-client';
import { RouteDurationHistogram } from './route-duration-histogram';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const NAME = 'http_request_duration_seconds';
const HELP = 'HTTP request duration by method, route template and status';

/** The same observations into prom-client's Histogram and into RouteDurationHistogram. */
function both() {
  const expected = new Registry();
  const reference = new Histogram({ name: NAME, help: HELP, labelNames: ['method', 'route', 'status'] as const, buckets: BUCKETS, registers: [expected] });
  const actual = new Registry();
  const histogram = new RouteDurationHistogram(NAME, HELP, BUCKETS, [actual]);
  const observe = (method: string, route: string, status: number, seconds: number) => {
    reference.observe({ method, route, status: String(status) }, seconds);
    histogram.observe(method, route, status, seconds);
  };
  return { expected, actual, observe, histogram };
}

describe('RouteDurationHistogram', () => {
  it("writes the same exposition as prom-client's Histogram, byte for byte", async () => {
    const { expected, actual, observe } = both();
    const routes = ['/api/v1/candidates', '/api/v1/jobs/:id/candidates', '/healthz', 'unmatched', '/api/v1/a "quoted" \\ route'];
    // Values on the bounds, between them, above the last and zero; the same series again later.
    const values = [0, 0.005, 0.0051, 0.01, 0.3, 1, 2.5000001, 10, 11, 0.0001];
    let n = 0;
    for (const route of routes) {
      for (const [method, status] of [['GET', 200], ['POST', 201], ['GET', 404], ['DELETE', 500]] as const) {
        observe(method, route, status, values[n++ % values.length]);
      }
    }
    for (const seconds of values) observe('GET', '/healthz', 200, seconds);
    expect(await actual.metrics()).toBe(await expected.metrics());
    expect(JSON.stringify(await actual.getMetricsAsJSON())).toBe(JSON.stringify(await expected.getMetricsAsJSON()));
  });

  it('writes only its help and type lines before any observation, and again after a reset', async () => {
    const { expected, actual, observe } = both();
    expect(await actual.metrics()).toBe(await expected.metrics());
    observe('GET', '/healthz', 200, 0.002);
    expected.resetMetrics();
    actual.resetMetrics();
    expect(await actual.metrics()).toBe(await expected.metrics());
    expect(await actual.metrics()).toBe(`# HELP ${NAME} ${HELP}\n# TYPE ${NAME} histogram\n`);
  });

  it('ignores a duration that is not a finite number', async () => {
    const { actual, histogram } = both();
    histogram.observe('GET', '/healthz', 200, 0.002);
    const before = await actual.metrics();
    histogram.observe('GET', '/healthz', 200, Number.NaN);
    histogram.observe('GET', '/healthz', 200, Number.POSITIVE_INFINITY);
    expect(await actual.metrics()).toBe(before);
  });

  it('keeps one series per method, route and status', async () => {
    const { histogram, observe } = both();
    for (let i = 0; i < 1000; i++) observe('GET', '/api/v1/candidates', 200, 0.001);
    observe('GET', '/api/v1/candidates', 304, 0.001);
    const counts = histogram.get().values.filter((v) => v.metricName === `${NAME}_count`);
    expect(counts).toEqual([
      { labels: { method: 'GET', route: '/api/v1/candidates', status: '200' }, value: 1000, metricName: `${NAME}_count` },
      { labels: { method: 'GET', route: '/api/v1/candidates', status: '304' }, value: 1, metricName: `${NAME}_count` },
    ]);
  });
});
