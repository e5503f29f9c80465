import type { Metric, Registry } from 'prom-client';

interface Series {
  labels: { method: string; route: string; status: string };
  /** Observations per bucket, not cumulative: `counts[i]` fell in (bounds[i - 1], bounds[i]]. */
  counts: number[];
  sum: number;
  count: number;
}

interface ExportValue {
  labels: Record<string, string | number>;
  value: number;
  metricName: string;
  /** prom-client's buckets carry `exemplar: null` when exemplars are off, as here. */
  exemplar?: null;
}

/** What prom-client's registry reads of a metric at scrape time. */
interface Exposition<V> {
  name: string;
  help: string;
  type: 'histogram';
  aggregator: 'sum';
  values: V[];
}

/**
 * `http_request_duration_seconds`, observed once for every response. It writes the same exposition as
 * prom-client's `Histogram` with labels `method`, `route` and `status` (the spec compares them byte for byte).
 * prom-client validates and hashes a label object on every observation, and a cached child does the same. Here a
 * response costs three map lookups on strings whose hashes are cached. prom-client's observe was the largest
 * single item of the main thread's profile under a read load.
 */
export class RouteDurationHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  /** In order of first observation, as prom-client lists its series. */
  private readonly series: Series[] = [];
  /** route → method → status → series: the route and method strings are the router's own, their hashes cached. */
  private readonly byRoute = new Map<string, Map<string, Map<number, Series>>>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly upperBounds: readonly number[],
    registers: Registry[],
  ) {
    // The registry reads only name, help, type, aggregator, get (or getForPromString) and reset.
    for (const registry of registers) registry.registerMetric(this as unknown as Metric);
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    if (!Number.isFinite(seconds)) return; // prom-client throws; a response must not fail over its metric
    let byMethod = this.byRoute.get(route);
    if (byMethod === undefined) this.byRoute.set(route, (byMethod = new Map()));
    let byStatus = byMethod.get(method);
    if (byStatus === undefined) byMethod.set(method, (byStatus = new Map()));
    let series = byStatus.get(status);
    if (series === undefined) {
      series = { labels: { method, route, status: String(status) }, counts: this.upperBounds.map(() => 0), sum: 0, count: 0 };
      byStatus.set(status, series);
      this.series.push(series);
    }
    const bounds = this.upperBounds;
    for (let i = 0; i < bounds.length; i++) {
      if (seconds <= bounds[i]) {
        series.counts[i]++;
        break;
      }
    }
    series.sum += seconds;
    series.count++;
  }

  /** As prom-client's `getForPromString`: bucket labels apart from the series' own (`sharedLabels`). */
  getForPromString(): Exposition<ExportValue & { sharedLabels: Series['labels'] }> {
    const bucket = `${this.name}_bucket`;
    const values: (ExportValue & { sharedLabels: Series['labels'] })[] = [];
    for (const series of this.series) {
      let cumulative = 0;
      this.upperBounds.forEach((le, i) => {
        cumulative += series.counts[i];
        values.push({ labels: { le }, sharedLabels: series.labels, value: cumulative, metricName: bucket, exemplar: null });
      });
      values.push({ labels: { le: '+Inf' }, sharedLabels: series.labels, value: series.count, metricName: bucket, exemplar: null });
      values.push({ labels: {}, sharedLabels: series.labels, value: series.sum, metricName: `${this.name}_sum` });
      values.push({ labels: {}, sharedLabels: series.labels, value: series.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  /** As prom-client's `get`: each value's labels hold the series' labels too. */
  get(): Exposition<ExportValue> {
    const data = this.getForPromString();
    return { ...data, values: data.values.map(({ labels, sharedLabels, ...rest }) => ({ ...rest, labels: { ...labels, ...sharedLabels } })) };
  }

  reset(): void {
    this.series.length = 0;
    this.byRoute.clear();
  }
}
