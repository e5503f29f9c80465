import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { APP_VERSION } from './common/version';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Hirevision API')
    .setDescription(
      'Backend of the Hirevision hiring platform. JSON fields are snake_case; lists are JSON arrays paginated with ' +
        '`page`/`per_page` (max 100) and answer `X-Total-Count` and an RFC 8288 `Link` header. Every error has the shape ' +
        '`{"error": {"code", "message", "details"?, "request_id"}}`. Every response carries `X-Request-Id`.',
    )
    .setVersion(APP_VERSION)
    // Relative: the document describes whichever host serves it.
    .addServer('/', 'This server')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  config.info.license = { name: 'Proprietary' };
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controllerKey: string, methodKey: string) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  documentSharedErrors(document);
  return document;
}

type OperationObject = NonNullable<OpenAPIObject['paths'][string]['get']>;

const ERROR_CONTENT = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } };
const BODY_METHODS = new Set(['post', 'put', 'patch', 'delete']);

/**
 * Adds the answers that the layers in front of every route give, where a route does not document them
 * itself: the JSON body parser and its guards run on every POST, PUT, PATCH and DELETE (a body is read
 * whether or not the route takes one), the router rejects a path segment that cannot be decoded, any
 * route may fail unexpectedly, and any route that reads the database answers 503 while it is unreachable.
 */
function documentSharedErrors(document: OpenAPIObject): void {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(item) as [string, OperationObject][]) {
      if (!op?.responses) continue;
      const add = (status: string, description: string) => {
        op.responses[status] ??= { description, content: ERROR_CONTENT };
      };
      if (BODY_METHODS.has(method)) {
        add('400', 'VALIDATION_ERROR: malformed JSON, a body nested too deep, or an unknown or unsafe field');
        add('413', 'PAYLOAD_TOO_LARGE: the body is larger than BODY_LIMIT_BYTES');
        add('415', 'UNSUPPORTED_MEDIA_TYPE: a body encoding or charset the API does not read');
      }
      add('500', 'INTERNAL: an unexpected failure, logged under the request id; the answer holds no internals');
      // Health routes document their own 503 (liveness has none: it never reads the database).
      if (!path.startsWith('/healthz')) add('503', 'UNAVAILABLE: the database is unreachable (restarting, failing over); retry after Retry-After seconds');
      if (op.parameters?.some((p) => 'in' in p && (p.in === 'path' || p.in === 'query'))) {
        add('400', 'VALIDATION_ERROR: a parameter is invalid (details lists each)');
      }
    }
  }
}

/** Serialises the document with sorted keys so the committed copy diffs cleanly. */
export function stableJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v as Record<string, unknown>)
          .sort()
          .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}
