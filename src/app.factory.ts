import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import cors from 'cors';
import express, { json, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import pino, { type LevelWithSilent } from 'pino';
import { AppModule } from './app.module';
import { accessLogObserver } from './audit/access-log.observer';
import { AccessLogWriter } from './audit/access-log.writer';
import { HOT_READ_HANDLERS } from './common/auth/access.decorators';
import { AuthGuard } from './common/auth/auth.guard';
import { AllExceptionsFilter, describeFailure, errorBody } from './common/errors/all-exceptions.filter';
import { HotPaths } from './common/http/hot-paths';
import { RateLimitGuard } from './common/http/rate-limit.guard';
import { QueryCachingValidationPipe } from './common/validation/query-caching-validation.pipe';
import { AppLogger, createLogger, requestLogger } from './common/logging/app-logger';
import { RequestContext, requestContextMiddleware } from './common/http/request-context';
import { requestPath } from './common/http/request-path';
import { requestIdMiddleware } from './common/http/request-id.middleware';
import { securityHeaders } from './common/http/security-headers';
import { unsafeKeysMiddleware } from './common/http/unsafe-keys.middleware';
import { AppConfig } from './config/app-config';
import { AppLifecycle } from './health/app-lifecycle';
import { DrainingExpressAdapter } from './health/draining-express-adapter';
import { httpObserver } from './metrics/http-observer';
import { MetricsRecorder } from './metrics/metrics-recorder';
import { Prometheus } from './metrics/prometheus';
import { buildOpenApiDocument } from './openapi';

export const API_PREFIX = 'api/v1';
export const EXPOSED_HEADERS = ['X-Total-Count', 'Link', 'X-Request-Id', 'Retry-After'];

/** Builds the whole application (used by main.ts and by the e2e tests alike); the caller listens or inits. */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  // Paths are what the contract spells: `/Api/V1/users` is not `/api/v1/users` (see requestPath). Express
  // reads the setting when it creates its router, before Nest registers a route, hence our own instance.
  const server = express();
  server.set('case sensitive routing', true);
  const adapter = new DrainingExpressAdapter(server);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), adapter, { bodyParser: false, bufferLogs: true });
  // app.close() (and SIGTERM through enableShutdownHooks) first drains the HTTP server, then runs the hooks.
  const lifecycle = app.get(AppLifecycle);
  adapter.drainWith(() => lifecycle.drain(app.getHttpServer()));
  const level = config.LOG_LEVEL as LevelWithSilent;
  const stdout = pino.destination({ fd: 1, sync: true });
  app.useLogger(new AppLogger(createLogger(level, stdout)));
  app.flushLogs();
  // One proxy hop: the client address is the last one the load balancer appended, not one the client wrote.
  app.set('trust proxy', config.TRUST_PROXY ? 1 : false);
  // The application middleware before the body parser; the hot paths run it too (see HotPaths).
  const front: RequestHandler[] = [
    requestIdMiddleware,
    requestContextMiddleware([
      requestLogger(level, stdout),
      httpObserver(app.get(Prometheus), app.get(MetricsRecorder)),
      accessLogObserver(app.get(AccessLogWriter)),
    ]),
    securityHeaders(),
    cors({ origin: config.corsOrigins.length ? config.corsOrigins : false, exposedHeaders: EXPOSED_HEADERS, maxAge: 600 }),
  ];
  for (const middleware of front) app.use(middleware);
  app.use(
    json({
      limit: config.BODY_LIMIT_BYTES,
      type: ['application/json', 'application/*+json'],
      // Signed webhooks are verified over the exact bytes received.
      verify: (req, _res, buf) => {
        if (requestPath(req as Request).startsWith(`/${API_PREFIX}/webhooks/`)) (req as Request & { rawBody?: Buffer }).rawBody = buf;
      },
    }),
  );
  app.use(unsafeKeysMiddleware);
  app.use(answerFrontError);
  // api/v1/metrics is declared with its full path: the ops endpoint GET /metrics shares its relative path.
  app.setGlobalPrefix(API_PREFIX, { exclude: ['healthz', 'healthz/live', 'healthz/ready', 'metrics', `${API_PREFIX}/metrics`, 'dev-upload/*key'] });
  if (config.DOCS_ENABLED) setupDocs(app);
  const hotPaths = new HotPaths({
    app: server,
    prefix: API_PREFIX,
    // A GET has no body to parse; its query string gets the same check.
    front: [...front, unsafeKeysMiddleware],
    frontError: answerFrontError,
    guards: [app.get(AuthGuard), app.get(RateLimitGuard)],
    pipe: app.get(QueryCachingValidationPipe),
    filter: app.get(AllExceptionsFilter),
    routes: HOT_READ_HANDLERS.map(({ controller, method }) => ({ controller: app.get(controller), method })),
  });
  adapter.answerFirstWith(hotPaths.answer);
  hotPathsOf.set(app, hotPaths);
  return app;
}

/** The hot paths of an application createApp built (a test compares their answers with Express's). */
export const hotPathsOf = new WeakMap<INestApplication, HotPaths>();

/** Errors of the middleware before Nest's router (body parser, unsafe keys): the same error envelope. */
function answerFrontError(err: unknown, req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(err);
  const failure = describeFailure(err);
  const state = RequestContext.current();
  if (state) state.errorCode = failure.code;
  res.status(failure.status).json(errorBody(failure, (req as Request & { id?: string }).id));
}

function setupDocs(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    customSiteTitle: 'Hirevision API',
  });
}
