import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Response, Test } from 'supertest';
import type TestAgent from 'supertest/lib/agent';

/**
 * Holds every response the e2e suites receive to the committed OpenAPI document: the route and method
 * must be documented (or the answer is the 404 envelope), the status must be listed for the operation,
 * the content type must be one it declares, and a JSON body must match its schema, with no field the
 * schema does not name.
 */

interface MediaType {
  schema?: Record<string, unknown>;
}
interface ResponseObject {
  content?: Record<string, MediaType>;
}
interface Operation {
  responses: Record<string, ResponseObject>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>> };
}

interface Route {
  template: string;
  pattern: RegExp;
  spanning: RegExp;
  params: number;
  methods: Record<string, Operation>;
}

const DOC_ID = 'openapi';
// Served by Swagger UI itself, described by no operation.
const UNDESCRIBED = /^\/docs(-json|\/.*)?$/;

let compiled: { routes: Route[]; ajv: Ajv; validators: Map<string, ValidateFunction>; notFound: ValidateFunction } | undefined;

/**
 * A copy of a schema where every object that names its properties allows no others, and `nullable: true`
 * admits null beside whatever the schema says (also next to `allOf`, as clients generated from it read it).
 */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) out[k] = k === 'example' || k === 'properties' ? v : closed(v);
  if (out.properties) out.properties = Object.fromEntries(Object.entries(out.properties).map(([name, v]) => [name, closed(v)]));
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  if (typeof out.$ref === 'string' && out.$ref.startsWith('#/')) out.$ref = `${DOC_ID}${out.$ref}`;
  if (out.nullable === true) {
    delete out.nullable;
    return { anyOf: [{ type: 'null' }, out] };
  }
  return out;
}

/** One segment per parameter; with `trailing`, a last parameter may span segments (object keys hold slashes). */
function routePattern(template: string, trailing: boolean): RegExp {
  const parts = template.split(/(\{[^}]+\})/).filter((p) => p !== '');
  const source = parts
    .map((p, i) => (p.startsWith('{') ? (trailing && i === parts.length - 1 ? '(.+)' : '([^/]+)') : p.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

function load() {
  if (compiled) return compiled;
  const doc = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8')) as OpenApiDocument;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  // `#/components/…` references inside components resolve against this schema's root.
  ajv.addSchema({ $id: DOC_ID, components: closed(doc.components) as Record<string, unknown> });
  const routes = Object.entries(doc.paths)
    .map(([template, methods]) => ({ template, pattern: routePattern(template, false), spanning: routePattern(template, true), params: (template.match(/\{/g) ?? []).length, methods }))
    .sort((a, b) => a.params - b.params);
  const notFound = ajv.compile({ $ref: `${DOC_ID}#/components/schemas/ErrorEnvelope` });
  compiled = { routes, ajv, validators: new Map(), notFound };
  return compiled;
}

/** What is wrong with this response, or undefined when the document describes it. */
export function contractProblem(method: string, url: string, res: Pick<Response, 'status' | 'headers' | 'body' | 'text'>): string | undefined {
  const { routes, ajv, validators, notFound } = load();
  // The path as sent: no dot-segment removal, no decoding, as the router saw it.
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, '').replace(/[?#].*$/s, '');
  const verb = method.toLowerCase();
  if (verb === 'options' || UNDESCRIBED.test(path)) return undefined;
  const serves = (r: Route) => r.methods[verb] ?? (verb === 'head' ? r.methods.get : undefined);
  // The router ignores one trailing slash; a last parameter spans segments only where no route matches segment by segment.
  const routed = path.length > 1 ? path.replace(/\/$/, '') : path;
  const candidates = routes.filter((r) => r.pattern.test(routed));
  const route = (candidates.length ? candidates : routes.filter((r) => r.spanning.test(routed))).find(serves);
  const contentType = String(res.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (!route) {
    // An unknown route must answer the documented 404 envelope.
    if (res.status === 404 && contentType === 'application/json' && notFound(res.body)) return undefined;
    return `${method.toUpperCase()} ${path}: no documented operation, answered ${res.status} ${contentType} ${res.text?.slice(0, 200)}`;
  }
  const op = route.methods[verb] ?? route.methods.get;
  const where = `${method.toUpperCase()} ${route.template} (${path.slice(0, 120)}) → ${res.status}`;
  const response = op.responses[String(res.status)];
  if (!response) return `${where}: status not documented (documented: ${Object.keys(op.responses).join(', ')}); body ${res.text?.slice(0, 200)}`;
  const declared = Object.keys(response.content ?? {});
  const bodyless = verb === 'head' || res.status === 204 || res.status === 304;
  if (declared.length === 0) {
    if (!bodyless && (res.text ?? '') !== '') return `${where}: documented without a body, sent ${contentType}`;
    return undefined;
  }
  if (bodyless) return undefined;
  const media = declared.find((d) => d === contentType || d === '*/*' || (d.endsWith('/*') && contentType.startsWith(d.slice(0, -1))));
  if (!media) return `${where}: content type ${contentType || '(none)'} not documented (documented: ${declared.join(', ')})`;
  const schema = response.content?.[media]?.schema;
  if (!schema || !(media === 'application/json' || media.endsWith('+json'))) return undefined;
  const key = `${verb} ${route.template} ${res.status} ${media}`;
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(closed(schema) as Record<string, unknown>);
    validators.set(key, validate);
  }
  if (validate(res.body)) return undefined;
  const errors = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
  return `${where}: body does not match the schema: ${errors.join('; ')}`;
}

const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options']);

/**
 * Wraps a supertest agent so every response is checked against the document; a mismatch fails the
 * request (and so the test) with the reason. CONTRACT_REPORT=<file> records mismatches there instead.
 */
export function contractChecked(agent: TestAgent): TestAgent {
  const report = process.env.CONTRACT_REPORT;
  return new Proxy(agent, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof prop !== 'string' || !VERBS.has(prop) || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const test = (value as (...a: unknown[]) => Test).apply(target, args);
        const end = test.end.bind(test);
        test.end = (callback?: (err: unknown, res: Response) => void) =>
          end((err: unknown, res: Response) => {
            const problem = res ? contractProblem(test.method, test.url, res) : undefined;
            if (problem && report) appendFileSync(report, `${problem}\n`);
            callback?.(problem && !report && !err ? new Error(`OpenAPI contract: ${problem}`) : err, res);
          });
        return test;
      };
    },
  });
}
