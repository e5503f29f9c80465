import { parse } from 'node:url';
import type { Request } from 'express';

export const API_PATH_PREFIX = '/api/v1/';

const PATH = Symbol('hirevision.requestPath');

/**
 * The request's path as the router matches it (no query string, no scheme and host of an absolute-form
 * request target, not decoded), worked out once per request. Routing is case-sensitive (see createApp), so
 * every observer that asks "is this an API request?" — access log, tenant metrics, webhook raw body —
 * answers exactly what the router answered: `/Api/V1/users` is nobody's route, `http://h/api/v1/users` is.
 */
export function requestPath(req: Request): string {
  const memo = req as Request & { [PATH]?: string };
  if (memo[PATH] === undefined) {
    const url = req.originalUrl ?? req.url ?? '';
    // The router's own rule (parseurl): a plain path is taken as it is up to `?`; anything else (an
    // absolute-form target, whitespace or `#` in it) through the legacy URL parser, which also turns `\`
    // into `/`. Taking it any other way would let `GET http://h/api\v1/users` be routed but not observed.
    const plain = url.startsWith('/') && !/[\t\n\f\r #\u00a0\ufeff]/.test(url);
    const end = url.indexOf('?');
    memo[PATH] = (plain ? (end === -1 ? url : url.slice(0, end)) : parse(url).pathname) || '/';
  }
  return memo[PATH];
}

export const isApiRequest = (req: Request): boolean => requestPath(req).startsWith(API_PATH_PREFIX);
