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

export function requestContextMiddleware(req: Request, _res: Response, next: NextFunction): void {
  storage.run({ requestId: (req as Request & { id?: string }).id ?? '' }, next);
}
