import type { IncomingMessage, ServerResponse } from 'node:http';
import { isDeepStrictEqual } from 'node:util';
import { type ArgumentMetadata, type CanActivate, type ExceptionFilter, type ExecutionContext, ForbiddenException, type PipeTransform, type Type } from '@nestjs/common';
import {
  EXCEPTION_FILTERS_METADATA,
  GUARDS_METADATA,
  HEADERS_METADATA,
  HTTP_CODE_METADATA,
  INTERCEPTORS_METADATA,
  PATH_METADATA,
  PIPES_METADATA,
  REDIRECT_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { ErrorRequestHandler, Express, NextFunction, Request, RequestHandler, Response } from 'express';
import { DeferredCheckInterceptor } from '../auth/deferred-check.interceptor';
import { pageAnswer } from '../pagination/pagination.interceptor';
import { RequestContext } from './request-context';

type Handler = (...args: unknown[]) => unknown;

/** A route's argument from the request, through the pipes Nest would apply to it. */
type ArgumentReader = (req: Request) => Promise<unknown>;

/** What the hot paths answer with: the application's own pieces (see createApp). */
export interface HotPathParts {
  /** The Express application: its request and response prototypes, its settings. */
  app: Express;
  /** The global prefix of the routes (`api/v1`). */
  prefix: string;
  /** Express's application middleware before the body parser, in order (request id, context, headers, CORS). */
  front: RequestHandler[];
  /** What answers an error passed on by that middleware. */
  frontError: ErrorRequestHandler;
  /** The global guards, pipe and exception filter, in Nest's order. */
  guards: CanActivate[];
  pipe: PipeTransform;
  filter: ExceptionFilter;
  /** The routes to serve: controller instances and their `@HotRead()` methods. */
  routes: Array<{ controller: object; method: string }>;
}

interface HotRoute {
  /** The route's path as Express knows it (`/api/v1/jobs/:id/candidates`): metrics and the access log name it. */
  path: string;
  pattern: RegExp;
  params: string[];
  controller: object;
  handler: Handler;
  args: ArgumentReader[];
}

/** An ExecutionContext for an HTTP request, as Nest's own (guards and the filter read the request through it). */
class HttpContext implements ExecutionContext {
  private readonly args: [Request, Response, NextFunction];

  constructor(
    req: Request,
    res: Response,
    private readonly controller: Type,
    private readonly handler: Handler,
  ) {
    this.args = [req, res, () => undefined];
  }

  getClass<T = unknown>(): Type<T> {
    return this.controller as Type<T>;
  }
  getHandler(): Handler {
    return this.handler;
  }
  getArgs<T extends unknown[] = unknown[]>(): T {
    return this.args as unknown as T;
  }
  getArgByIndex<T = unknown>(index: number): T {
    return this.args[index] as T;
  }
  getType<T extends string = 'http'>(): T {
    return 'http' as T;
  }
  switchToHttp(): ReturnType<ExecutionContext['switchToHttp']> {
    return { getRequest: <T>() => this.args[0] as T, getResponse: <T>() => this.args[1] as T, getNext: <T>() => this.args[2] as T };
  }
  switchToRpc(): ReturnType<ExecutionContext['switchToRpc']> {
    throw new Error('An HTTP request');
  }
  switchToWs(): ReturnType<ExecutionContext['switchToWs']> {
    throw new Error('An HTTP request');
  }
}

/** A path id the hot paths take (a plain positive integer the id pipe accepts); any other id goes Express's way. */
const PLAIN_ID = '([1-9]\\d{0,8})';

/**
 * The `@HotRead()` routes (the candidate lists and the conversation), answered without Express's router and
 * Nest's generic route pipeline: they cost a candidates page a sixth of the API process's CPU (0.88 ms per
 * request before, 0.75 after, bench/reads.ts).
 *
 * A GET for one of their paths (with plain ids, and no body) does exactly what that pipeline would do, with
 * the same pieces in the same order: what Express's `app.handle` and router set on the request, the
 * application middleware before the body parser (request id, request context and its observers, security
 * headers, CORS; the query string then gets the same unsafe-key check), the global guards, the global pipe
 * and the parameters' own pipes, the handler, the `@HotRead()` credential check, the page's headers and
 * body (`pageAnswer`), Express's `res.send` (ETag, conditional GET), and the global exception filter. Any
 * other request, or a route that asks for anything more (its own guards, pipes, interceptors, filters,
 * status code or headers), is left to Express: the constructor refuses such a route at start-up.
 * `test/hot-paths.e2e-spec.ts` holds every kind of answer to the same bytes as Express's.
 */
export class HotPaths {
  /** Requests answered here, and whether to answer any (a test compares the two ways). */
  served = 0;
  enabled = true;
  private readonly routes: HotRoute[];

  constructor(private readonly parts: HotPathParts) {
    this.routes = parts.routes.map(({ controller, method }) => this.route(controller, method));
  }

  /** Answers a request of a hot path and returns true, or returns false to leave it to Express. */
  readonly answer = (req: IncomingMessage, res: ServerResponse): boolean => {
    if (!this.enabled || req.method !== 'GET' || req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined) return false;
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const path = query < 0 ? url : url.slice(0, query);
    for (const route of this.routes) {
      const match = route.pattern.exec(path);
      if (!match) continue;
      this.served++;
      this.serve(route, match, req as Request, res as Response);
      return true;
    }
    return false;
  };

  private serve(route: HotRoute, match: RegExpExecArray, req: Request, res: Response): void {
    // What Express's app.handle and router set before a route's handler runs (the prototypes are already
    // Express's, see DrainingExpressAdapter; X-Powered-By, which the security headers remove, is not set).
    req.res = res;
    res.req = req;
    Object.setPrototypeOf(req, this.parts.app.request);
    Object.setPrototypeOf(res, this.parts.app.response);
    res.locals = Object.create(null) as Response['locals'];
    req.originalUrl = req.url;
    req.baseUrl = '';
    const params: Record<string, string> = {};
    route.params.forEach((name, i) => (params[name] = match[i + 1]));
    req.params = params;
    (req as Request & { route: { path: string } }).route = { path: route.path };
    const front = this.parts.front;
    let at = 0;
    const next = (err?: unknown): void => {
      if (err !== undefined && err !== null) return void this.parts.frontError(err, req, res, () => undefined);
      const middleware = front[at++];
      if (middleware) return void middleware(req, res, next);
      // The filter answers every failure; should it fail itself, the request still gets its envelope.
      this.handle(route, req, res).catch((e: unknown) => this.parts.frontError(e, req, res, () => res.end()));
    };
    next();
  }

  private async handle(route: HotRoute, req: Request, res: Response): Promise<void> {
    const context = new HttpContext(req, res, route.controller.constructor as Type, route.handler);
    try {
      // Nest's guards consumer: each in turn, and a guard that says no is a 403.
      for (const guard of this.parts.guards) if (!(await guard.canActivate(context))) throw new ForbiddenException('Forbidden resource');
      // DeferredCheckInterceptor: the pipes' and the handler's answer waits for the credential's check.
      const result = await RequestContext.afterCheck(async () => route.handler.apply(route.controller, await Promise.all(route.args.map((read) => read(req)))));
      // PaginationInterceptor, then Nest's reply (ExpressAdapter.reply) with the route's status.
      const body = pageAnswer(result, req, res);
      res.status(200);
      if (body === undefined || body === null) res.send();
      else if (typeof body === 'object') res.json(body);
      else res.send(String(body as string));
    } catch (e) {
      this.parts.filter.catch(e, context);
    }
  }

  /** A route from its controller's metadata; one that needs more than the hot path does is refused. */
  private route(controller: object, method: string): HotRoute {
    const type = controller.constructor as Type;
    const handler = (type.prototype as Record<string, Handler>)[method];
    const name = `${type.name}.${method}`;
    for (const key of [GUARDS_METADATA, PIPES_METADATA, EXCEPTION_FILTERS_METADATA, INTERCEPTORS_METADATA, HTTP_CODE_METADATA, HEADERS_METADATA, REDIRECT_METADATA]) {
      // The one interceptor allowed is @HotRead()'s own, which `handle` applies.
      const allowed = key === INTERCEPTORS_METADATA ? [DeferredCheckInterceptor] : undefined;
      if (Reflect.getMetadata(key, type) !== undefined || !isDeepStrictEqual(Reflect.getMetadata(key, handler), allowed)) {
        throw new Error(`${name} is a @HotRead() route with ${key} of its own: the hot paths do not apply it`);
      }
    }
    const segments = ['', ...[this.parts.prefix, Reflect.getMetadata(PATH_METADATA, type), Reflect.getMetadata(PATH_METADATA, handler)].flatMap((p: unknown) => String(p ?? '').split('/')).filter(Boolean)];
    const params: string[] = [];
    const pattern = segments
      .map((segment) => {
        if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        params.push(segment.slice(1));
        return PLAIN_ID;
      })
      .join('/');
    const metatypes = (Reflect.getMetadata('design:paramtypes', type.prototype as object, method) ?? []) as unknown[];
    const declared = (Reflect.getMetadata(ROUTE_ARGS_METADATA, type, method) ?? {}) as Record<string, { index: number; data?: string; pipes: Array<Type<PipeTransform> | PipeTransform> }>;
    const args: ArgumentReader[] = [];
    for (const [key, { index, data, pipes }] of Object.entries(declared)) {
      const kind = Number(key.split(':')[0]);
      const metadata: ArgumentMetadata = { type: kind === RouteParamtypes.QUERY ? 'query' : 'param', metatype: metatypes[index] as Type | undefined, data };
      if (!((kind === RouteParamtypes.QUERY && data === undefined) || (kind === RouteParamtypes.PARAM && data !== undefined && params.includes(data)))) {
        throw new Error(`${name} is a @HotRead() route with an argument the hot paths do not read (${key}): only @Query() and path @Param()s`);
      }
      // The global pipe, then the parameter's own, as Nest applies them (a pipe class is built as Nest would,
      // which for one without constructor parameters is `new`).
      const own = pipes.map((p) => {
        if (typeof p !== 'function') return p;
        if (p.length > 0) throw new Error(`${name} is a @HotRead() route whose ${p.name} takes constructor parameters`);
        return new p();
      });
      const chain = [this.parts.pipe, ...own];
      args[index] = async (req) => {
        let value: unknown = kind === RouteParamtypes.QUERY ? req.query : req.params[data as string];
        for (const pipe of chain) value = await pipe.transform(value, metadata);
        return value;
      };
    }
    for (let i = 0; i < Math.max(args.length, handler.length); i++) {
      if (!args[i]) throw new Error(`${name} is a @HotRead() route with arguments the hot paths do not read`);
    }
    return { path: segments.join('/'), pattern: new RegExp(`^${pattern}$`), params, controller, handler, args };
  }
}
