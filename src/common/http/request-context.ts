import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';

/** What is known about the current request as it travels through guards, services and filters. */
export interface RequestState {
  requestId: string;
  tenantId?: number;
  userId?: number;
  /** The candidate invite token used, by id (the token itself is never kept). */
  inviteTokenId?: number;
  /** The error code the response carried, set by the exception filter. */
  errorCode?: string;
}

const storage = new AsyncLocalStorage<RequestState>();

export const RequestContext = {
  /** The current request's state, or undefined outside a request (jobs, start-up). */
  current(): RequestState | undefined {
    return storage.getStore();
  },

  /** Attributes the request to a tenant once a credential has identified it. */
  identify(fields: Pick<RequestState, 'tenantId' | 'userId' | 'inviteTokenId'>): void {
    const state = storage.getStore();
    if (state) Object.assign(state, fields);
  },
};

/** Told once a response has been sent: the request, its state and how long it took. */
export type ResponseObserver = (req: Request, res: Response, state: RequestState, elapsedMs: number) => void;

/**
 * Opens the request's context and, when its response has been sent, tells every observer (request log,
 * metrics, access log) through one listener: one middleware and one `finish` listener per request, not one
 * of each per observer.
 */
export function requestContextMiddleware(observers: ResponseObserver[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const state: RequestState = { requestId: (req as Request & { id?: string }).id ?? '' };
    const started = performance.now();
    res.once('finish', () => {
      const elapsedMs = performance.now() - started;
      for (const observe of observers) observe(req, res, state, elapsedMs);
    });
    storage.run(state, next);
  };
}
