import type { ResponseObserver } from '../common/http/request-context';
import { redactUrl } from '../common/http/redact';
import { isApiRequest, requestPath } from '../common/http/request-path';
import { AccessLogWriter } from './access-log.writer';

/**
 * Hands every /api/v1 request to the access-log writer when its response has been sent. Paths are kept
 * without query strings (they can carry search terms and tokens) and with candidate tokens masked.
 */
export function accessLogObserver(writer: AccessLogWriter): ResponseObserver {
  return (req, res, state, elapsedMs) => {
    if (!isApiRequest(req)) return;
    const route = req.route?.path ? String(req.route.path).replace(/\\:/g, ':') : 'unmatched';
    writer.write({
      tenantId: state.tenantId ?? null,
      userId: state.userId ?? null,
      inviteTokenId: state.inviteTokenId ?? null,
      method: req.method.slice(0, 10),
      route: route.slice(0, 200),
      path: redactUrl(requestPath(req)).slice(0, 500),
      status: res.statusCode,
      durationMs: Math.round(elapsedMs),
      ip: req.ip?.slice(0, 64) ?? null,
      userAgent: req.headers['user-agent']?.slice(0, 300) ?? null,
      requestId: state.requestId.slice(0, 128),
      createdAt: new Date(),
    });
  };
}
