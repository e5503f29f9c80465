import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * Helmet's headers, worked out once at start-up and then set on every response in one loop. Helmet's
 * defaults depend on nothing in the request, so running its dozen middlewares per request only repeats
 * the same work; the result is identical (the headers test holds it to helmet's own output).
 */
export function securityHeaders(options?: Parameters<typeof helmet>[0]): RequestHandler {
  const headers: Array<[string, string]> = [];
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => void headers.push([name, String(value)]),
    removeHeader: (name: string) => void removed.push(name),
  };
  let ran = false;
  helmet(options)({} as Request, recorder as unknown as Response, () => (ran = true));
  if (!ran) throw new Error('helmet did not finish synchronously');
  return (_req: Request, res: Response, next: NextFunction) => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}
