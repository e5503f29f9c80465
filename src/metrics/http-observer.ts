import type { ResponseObserver } from '../common/http/request-context';
import { isApiRequest } from '../common/http/request-path';
import { MetricsRecorder } from './metrics-recorder';
import { Prometheus } from './prometheus';

/**
 * Observes every response: the Prometheus request histogram (by route template, so cardinality stays
 * bounded) and, for /api/v1 requests attributed to a tenant, that tenant's request counters.
 */
export function httpObserver(prometheus: Prometheus, recorder: MetricsRecorder): ResponseObserver {
  return (req, res, state, elapsedMs) => {
    const route = req.route?.path ? String(req.route.path) : 'unmatched';
    prometheus.httpDuration.observe(req.method, route, res.statusCode, elapsedMs / 1000);
    if (state.tenantId !== undefined && isApiRequest(req)) {
      recorder.countRequest(state.tenantId, res.statusCode, res.statusCode >= 400 ? (state.errorCode ?? `HTTP_${res.statusCode}`) : '');
    }
  };
}
