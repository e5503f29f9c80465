import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express } from 'express';

/** Answers a request before Express sees it, or returns false to leave it to Express. */
export type FirstResponder = (req: IncomingMessage, res: ServerResponse) => boolean;

/** A constructor of `base`'s objects whose prototype is `prototype` (which inherits `base.prototype`) from the start. */
function constructing<T extends new (...args: never[]) => object>(base: T, prototype: object): T {
  function Constructed(...args: unknown[]): object {
    return Reflect.construct(base, args, Constructed) as object;
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
