import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express } from 'express';

/** Answers a request before Express sees it, or returns false to leave it to Express. */
export type FirstResponder = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * A constructor of `base`'s objects whose prototype is `prototype` (which inherits `base.prototype`) from the
 * start. Node's IncomingMessage and ServerResponse are plain constructor functions, so the object `new` makes
 * with that prototype is initialised by calling `base` on it: 0.4 and 1.9 µs per object, where
 * `Reflect.construct(base, args, newTarget)` took 20 and 41 µs (V8 makes the derived object's map anew each
 * time for a prototype like Express's), a tenth of a candidates page's CPU. Should `base` ever be a class
 * (which cannot be called), it is constructed that slower way.
 */
export function constructing<T extends new (...args: never[]) => object>(base: T, prototype: object): T {
  if (/^class\b/.test(Function.prototype.toString.call(base))) {
    function Derived(...args: unknown[]): object {
      return Reflect.construct(base, args, Derived) as object;
    }
    Derived.prototype = prototype;
    return Derived as unknown as T;
  }
  const init = base as unknown as (this: object, a: unknown, b: unknown) => void;
  function Constructed(this: object, a: unknown, b: unknown): void {
    init.call(this, a, b);
  }
  Constructed.prototype = prototype;
  return Constructed as unknown as T;
}

/**
 * The Express adapter, with a drain in `beforeClose`: app.close() awaits it before any shutdown hook
 * runs (NestJS 12: beforeClose → onModuleDestroy → beforeApplicationShutdown → server close →
 * onApplicationShutdown), so requests in flight finish while every provider they use is still there,
 * and their access-log rows are in the buffer before it is written.
 *
 * Its HTTP server offers each request to a first responder (see HotPaths) before Express, and makes each
 * request and response an Express one from the start: Express would otherwise swap both objects' prototypes
 * on every request (`Object.setPrototypeOf`), which changes their shape and slows every later property read.
 */
export class DrainingExpressAdapter extends ExpressAdapter {
  private drain?: () => Promise<void>;
  private first?: FirstResponder;

  /** Set once the application exists: the drain belongs to one of its providers (AppLifecycle). */
  drainWith(drain: () => Promise<void>): void {
    this.drain = drain;
  }

  /** Set once the application exists: it answers with the application's own providers. */
  answerFirstWith(first: FirstResponder): void {
    this.first = first;
  }

  override initHttpServer(options: NestApplicationOptions): void {
    if (options.httpsOptions || options.return503OnClosing || options.forceCloseConnections) throw new Error('This adapter serves plain HTTP only');
    const app = this.getInstance<Express>();
    this.httpServer = createServer(
      { IncomingMessage: constructing<typeof IncomingMessage>(IncomingMessage, app.request), ServerResponse: constructing<typeof ServerResponse>(ServerResponse, app.response) },
      (req, res) => {
        if (!this.first?.(req, res)) app(req, res);
      },
    );
  }

  override async beforeClose(): Promise<void> {
    super.beforeClose();
    await this.drain?.();
  }
}
