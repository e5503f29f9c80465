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
    const url = (req.originalUrl ?? req.url ?? '').replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
    const end = url.search(/[?#]/);
    memo[PATH] = (end === -1 ? url : url.slice(0, end)) || '/';
  }
  return memo[PATH];
}

export const isApiRequest = (req: Request): boolean => requestPath(req).startsWith(API_PATH_PREFIX);
