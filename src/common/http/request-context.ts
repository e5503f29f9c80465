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
  /** A check of the credential not done yet: the request's first hot read carries it (see DeferredCheck). */
  check?: DeferredCheck;
}

/**
 * A check of the request's credential (the access token's user) that does not cost a round trip of its own:
 * the request's first hot read sends it with its own statement (see HotReads), and whatever else the request
 * does first with the database, or whatever it answers first, settles it alone (`RequestContext.settleCheck`).
 */
export interface DeferredCheck {
  /** The check's read: SQL with $n parameters, and their values. */
  readonly text: string;
  readonly values: readonly unknown[];
  /** Judges the read's rows: returns, or throws the request's 401 or 403. */
  accept(rows: unknown[]): void;
  /** Reads and judges on its own. */
  run(): Promise<void>;
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

  /** Leaves the credential's check to the request's first hot read (see DeferredCheck). */
  defer(check: DeferredCheck): void {
    const state = storage.getStore();
    if (!state) throw new Error('A check can only be deferred within a request');
    state.check = check;
  },

  /** The pending check, for a read to carry: from now on it is that read's to settle. */
  takeCheck(): DeferredCheck | undefined {
    const state = storage.getStore();
    const check = state?.check;
    if (check) state.check = undefined;
    return check;
  },

  /** Settles the pending check alone, if no read has carried it: before other work, and before any answer. */
  async settleCheck(): Promise<void> {
    const check = RequestContext.takeCheck();
    if (check) await check.run();
  },

  /**
   * The request's answer, once the pending check (if no read carried it) is settled: whatever `answer` gives,
   * a value or an error, waits for the check, and a failed check answers instead.
   */
  async afterCheck<T>(answer: () => Promise<T>): Promise<T> {
    let value: T;
    try {
      value = await answer();
    } catch (e) {
      await RequestContext.settleCheck();
      throw e;
    }
    await RequestContext.settleCheck();
    return value;
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
