import { HttpResult } from './api-process';

/** One request of a load loop, with what it was for. */
export interface Outcome extends HttpResult {
  kind: string;
  path: string;
  /** For writes: what identifies the row (a title, an e-mail). */
  ref?: string;
}

export const failed = (o: HttpResult): boolean => typeof o.status !== 'number' || o.status >= 500;

export function statusCounts(outcomes: HttpResult[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) counts[String(o.status)] = (counts[String(o.status)] ?? 0) + 1;
  return counts;
}

/** A few failures, readable in an assertion message. */
export function describeOutcomes(outcomes: Outcome[], t0: number, max = 8): string {
  return outcomes
    .slice(0, max)
    .map((o) => `${o.kind} ${o.path} → ${o.status}${o.error ? ` (${o.error})` : ''} at +${o.start - t0}..+${o.end - t0} ms ${o.body ? JSON.stringify(o.body).slice(0, 160) : ''}`)
    .join('\n');
}

export const percentile = (values: number[], p: number): number => {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
