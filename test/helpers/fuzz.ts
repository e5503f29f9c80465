import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Response, Test } from 'supertest';
import type TestAgent from 'supertest/lib/agent';

/*
 * Hostile requests generated from the committed OpenAPI document: for each operation, cases derived from
 * its request body schema and its parameters, and one check every response must pass.
 */

export interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  nullable?: boolean;
  format?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface OperationObject {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  security?: Record<string, string[]>[];
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, Schema> };
}

export interface Operation {
  /** `POST /api/v1/jobs/{id}/candidates` */
  key: string;
  method: string;
  path: string;
  spec: OperationObject;
  /** The resolved JSON request body schema, if the operation takes JSON. */
  jsonBody?: Schema;
  multipart?: Schema;
  pathParams: Parameter[];
  queryParams: Parameter[];
  headerParams: Parameter[];
  bearer: boolean;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

export function loadOpenApi(file = join(__dirname, '..', '..', 'openapi.json')): OpenApiDocument {
  return JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
}

/** Resolves `$ref`s (and merges `allOf`) against `components.schemas`, recursively. */
export function resolveSchema(doc: OpenApiDocument, schema: Schema | undefined, seen: string[] = []): Schema {
  if (!schema) return {};
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    if (seen.includes(name)) return { type: 'object' };
    const target = doc.components.schemas[name];
    if (!target) throw new Error(`unresolved $ref ${schema.$ref}`);
    return resolveSchema(doc, target, [...seen, name]);
  }
  let out: Schema = { ...schema };
  if (schema.allOf) {
    out = schema.allOf.reduce<Schema>((acc, part) => {
      const r = resolveSchema(doc, part, seen);
      return { ...acc, ...r, properties: { ...acc.properties, ...r.properties }, required: [...(acc.required ?? []), ...(r.required ?? [])] };
    }, { ...schema, allOf: undefined });
  }
  if (out.oneOf?.length || out.anyOf?.length) out = { ...out, ...resolveSchema(doc, (out.oneOf ?? out.anyOf)![0], seen) };
  if (out.items) out.items = resolveSchema(doc, out.items, seen);
  if (out.properties) {
    out.properties = Object.fromEntries(Object.entries(out.properties).map(([k, v]) => [k, resolveSchema(doc, v, seen)]));
  }
  return out;
}

export function listOperations(doc: OpenApiDocument): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, spec] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const params = spec.parameters ?? [];
      const content = spec.requestBody?.content ?? {};
      const json = content['application/json'];
      const multipart = content['multipart/form-data'];
      ops.push({
        key: `${method.toUpperCase()} ${path}`,
        method,
        path,
        spec,
        jsonBody: json ? resolveSchema(doc, json.schema) : undefined,
        multipart: multipart ? resolveSchema(doc, multipart.schema) : undefined,
        pathParams: params.filter((p) => p.in === 'path'),
        queryParams: params.filter((p) => p.in === 'query'),
        // The document may list one header twice in different cases (`idempotency-key`, `Idempotency-Key`).
        headerParams: params.filter((p, i, all) => p.in === 'header' && all.findIndex((q) => q.in === 'header' && q.name.toLowerCase() === p.name.toLowerCase()) === i),
        bearer: (spec.security ?? []).some((s) => 'bearer' in s),
      });
    }
  }
  return ops;
}

/** A plausible value for `schema`: its example, default or first enum value, else one of its type. */
export function sampleValue(schema: Schema): unknown {
  if (schema.example !== undefined && !(schema.type === 'array' && schema.items?.format === 'binary')) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum[0];
  switch (schema.type) {
    case 'string':
      return schema.format === 'date-time' ? new Date().toISOString() : 'text';
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [sampleValue(schema.items ?? { type: 'string' })];
    default:
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, sampleValue(v)]));
  }
}

/** JSON text in which `raw(…)` placeholders become the literal tokens given (`-0`, `1e400`, `9007199254740993`). */
export class RawJson {
  private readonly tokens: string[] = [];

  raw(token: string): string {
    this.tokens.push(token);
    return `\u0001raw${this.tokens.length - 1}\u0001`;
  }

  stringify(value: unknown): string {
    return JSON.stringify(value).replace(/"\\u0001raw(\d+)\\u0001"/g, (_m, i: string) => this.tokens[Number(i)]);
  }
}

export type FuzzBody =
  | { kind: 'json'; value: unknown }
  | { kind: 'raw'; text: string | Buffer; type?: string; headers?: Record<string, string> }
  | { kind: 'multipart'; files: { field: string; name: string; content: Buffer; type?: string }[]; fields?: Record<string, string> };

export interface FuzzCase {
  name: string;
  /** Path with parameters filled in (already percent-encoded where needed). */
  path: string;
  query?: string;
  headers?: Record<string, string>;
  /** false: send no Authorization header although the operation wants one. */
  auth?: boolean;
  body?: FuzzBody;
  /** A JSON body with a prototype key at its top level: must never succeed on a write route. */
  topLevelPrototypeKey?: boolean;
}

export const TYPE_SAMPLES: Record<string, unknown> = {
  string: 'fuzz',
  number: 42,
  boolean: false,
  array: ['fuzz', 1],
  object: { fuzz: 1 },
  null: null,
};

const typeOf = (schema: Schema): string => (schema.type === 'integer' ? 'number' : (schema.type ?? 'object'));

export const KB200 = 'a'.repeat(200 * 1024);

/** Strings that break naive storage, rendering and length checks. */
export const HOSTILE_STRINGS: Record<string, string> = {
  '200KB': KB200,
  NUL: 'before\u0000after-and-long-enough',
  'lone surrogate': 'x\ud800y-and-long-enough',
  'lone low surrogate': '\udfffzz-and-long-enough',
  'U+2028/U+2029': 'line\u2028sep\u2029para-long-enough',
  'RTL override': '\u202egnp.exe\u200f-long-enough',
  'zero-width + BOM': '\ufeff\u200b\u200d-long-enough',
  'combining marks': `Z${'\u0336'.repeat(2000)}`,
  'SQL/HTML metacharacters': `'; DROP TABLE users; -- <script>alert(1)</script> {{7*7}} \${7*7}`,
  'CSV formula': '=HYPERLINK("http://x","y")+cmd|\' /C calc\'!A0',
  whitespace: ' \t\r\n ',
  empty: '',
};

/** Literal JSON number tokens. */
export const HOSTILE_NUMBERS: Record<string, string> = {
  '1e308': '1e308',
  '-1e308': '-1e308',
  '1e400 (parses to Infinity)': '1e400',
  '2**53+1': '9007199254740993',
  '2**31': '2147483648',
  '1e-308': '1e-308',
  '-0': '-0',
  '1.5': '1.5',
  '-1': '-1',
  '0': '0',
  '"1e3" (numeric string)': '"1e3"',
  '"1e308" (numeric string)': '"1e308"',
  '" 1" (padded numeric string)': '" 1"',
  '"0x10"': '"0x10"',
};

/** A JSON text with `depth` nested arrays (`[[[…]]]`) or objects (`{"a":{"a":…}}`). */
export function deepJson(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** `{...body, <extra raw JSON>}` as text, whatever `body` holds. */
export function withRawMember(body: Record<string, unknown>, member: string): string {
  const text = JSON.stringify(body);
  return text === '{}' ? `{${member}}` : `${text.slice(0, -1)},${member}}`;
}

/** Cases derived from a JSON request body schema; `valid` is a valid-looking body to start from. */
export function jsonBodyCases(schema: Schema, valid: Record<string, unknown>, path: string): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const json = (name: string, value: unknown): void => void cases.push({ name, path, body: { kind: 'json', value } });
  const raw = (name: string, text: string, type = 'application/json', extra: Partial<FuzzCase> = {}): void =>
    void cases.push({ name, path, body: { kind: 'raw', text, type }, ...extra });
  const props = Object.entries(schema.properties ?? {});

  for (const [field, prop] of props) {
    const own = typeOf(prop);
    for (const [type, sample] of Object.entries(TYPE_SAMPLES)) {
      if (type === own) continue;
      json(`${field}: wrong type ${type}`, { ...valid, [field]: sample });
    }
    if (own === 'array') {
      json(`${field}: items of wrong type`, { ...valid, [field]: [1, true, null, { a: 1 }, ['x']] });
      json(`${field}: 10,000 items`, { ...valid, [field]: Array.from({ length: 10_000 }, (_, i) => `s${i}`) });
    }
    if (own === 'string' || (own === 'array' && prop.items?.type === 'string')) {
      for (const [label, s] of Object.entries(HOSTILE_STRINGS)) {
        json(`${field}: ${label} string`, { ...valid, [field]: own === 'array' ? [s] : s });
      }
    }
    if (own === 'number' || own === 'string') {
      // A string field gets the two tokens JSON.parse turns into surprising values; a number field all of them.
      const tokens = own === 'number' ? Object.entries(HOSTILE_NUMBERS) : Object.entries(HOSTILE_NUMBERS).filter(([label]) => label.startsWith('1e400') || label === '-0');
      for (const [label, token] of tokens) {
        const r = new RawJson();
        raw(`${field}: number ${label}`, r.stringify({ ...valid, [field]: r.raw(token) }));
      }
    }
    if (own === 'boolean') {
      for (const v of ['"true"', '"false"', '1', '0', '"yes"']) {
        const r = new RawJson();
        raw(`${field}: boolean-ish ${v}`, r.stringify({ ...valid, [field]: r.raw(v) }));
      }
    }
    const r = new RawJson();
    raw(`${field}: 5,000-deep arrays`, r.stringify({ ...valid, [field]: r.raw(deepJson(5000, 'array')) }));
    const o = new RawJson();
    raw(`${field}: 5,000-deep objects`, o.stringify({ ...valid, [field]: o.raw(deepJson(5000, 'object')) }));
    raw(`${field}: nested __proto__`, withRawMember(withoutKey(valid, field), `"${field}":{"__proto__":{"role":"admin"}}`));
    raw(`${field}: nested constructor.prototype`, withRawMember(withoutKey(valid, field), `"${field}":[{"constructor":{"prototype":{"role":"admin"}}}]`));
  }

  for (const field of schema.required ?? []) json(`missing required ${field}`, withoutKey(valid, field));
  json('empty object', {});
  json('array body', [valid]);
  json('empty array body', []);
  raw('string body', JSON.stringify('just a string'));
  raw('number body', '42');
  raw('null body', 'null');
  raw('true body', 'true');
  raw('empty text with JSON type', '');
  raw('malformed: truncated', `${JSON.stringify(valid).slice(0, -1)},"a":`);
  raw('malformed: single quotes', "{'a': 1}");
  raw('malformed: trailing comma', withRawMember(valid, '"zz":1,'));
  raw('malformed: NaN literal', withRawMember(valid, '"zz":NaN'));
  raw('malformed: comment', `/* c */ ${JSON.stringify(valid)}`);
  raw('malformed: raw control character', '{"a":"\u0001\u0000"}');
  raw('malformed: bad escape', '{"a":"\\x41\\u12"}');
  raw('malformed: unclosed 5,000-deep', '['.repeat(5000));
  raw('BOM before JSON', `\ufeff${JSON.stringify(valid)}`);
  raw('duplicate keys', withRawMember(valid, props[0] ? `"${props[0][0]}":{"dup":true}` : '"a":1'));
  raw('top-level 5,000-deep arrays', deepJson(5000, 'array'));
  raw('top-level 5,000-deep objects', deepJson(5000, 'object'));
  raw('top-level 200,000-deep arrays', deepJson(200_000, 'array'));
  raw('body over the size limit', JSON.stringify({ ...valid, pad: 'x'.repeat(1100 * 1024) }));
  raw('valid JSON as text/plain', JSON.stringify(valid), 'text/plain');
  raw('form-urlencoded body', 'a=1&b[c]=2&__proto__[role]=admin', 'application/x-www-form-urlencoded');
  raw('XML body', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>', 'application/xml');
  raw('multipart content type on a JSON route', '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--b--\r\n', 'multipart/form-data; boundary=b');
  raw('application/json; charset=utf-16', JSON.stringify(valid), 'application/json; charset=utf-16');
  raw('application/json; charset=bogus', JSON.stringify(valid), 'application/json; charset=bogus');
  raw('vendor +json type', JSON.stringify(valid), 'application/vnd.hirevision+json');
  cases.push({ name: 'gzip content-encoding with plain bytes', path, body: { kind: 'raw', text: JSON.stringify(valid), type: 'application/json', headers: { 'Content-Encoding': 'gzip' } } });
  cases.push({ name: 'unknown content-encoding', path, body: { kind: 'raw', text: JSON.stringify(valid), type: 'application/json', headers: { 'Content-Encoding': 'br, zstd, x-bogus' } } });

  json('unknown key', { ...valid, unknown_field: 'x' });
  json('unknown camelCase twin of a field', props[0] ? { ...valid, [camel(props[0][0]) + 'X']: 'x' } : { ...valid, fooBar: 1 });
  json('unknown keys: tenant_id/role/id overrides', { ...valid, id: 1, tenant_id: 1, role: 'admin', is_admin: true, created_at: '2000-01-01T00:00:00Z' });
  raw('__proto__ at top level', withRawMember(valid, '"__proto__":{"role":"admin","tenant_id":1}'), 'application/json', { topLevelPrototypeKey: true });
  raw('constructor.prototype at top level', withRawMember(valid, '"constructor":{"prototype":{"role":"admin"}}'), 'application/json', { topLevelPrototypeKey: true });
  raw('prototype at top level', withRawMember(valid, '"prototype":{"role":"admin"}'), 'application/json', { topLevelPrototypeKey: true });
  raw('__proto__ as the only key', '{"__proto__":{"role":"admin"}}', 'application/json', { topLevelPrototypeKey: true });
  raw('__proto__ null at top level', withRawMember(valid, '"__proto__":null'), 'application/json', { topLevelPrototypeKey: true });
  raw('__proto__ nested under an unknown key', withRawMember(valid, '"meta":{"__proto__":{"role":"admin"}}'));
  raw('prototype keys in an array element', withRawMember(valid, '"list":[{"__proto__":{"x":1}},{"constructor":{"prototype":{"x":1}}},{"prototype":1}]'));
  return cases;
}

/** Cases for an operation that takes no body: unexpected bodies must not break it either. */
export function unexpectedBodyCases(path: string): FuzzCase[] {
  const raw = (name: string, text: string, type = 'application/json'): FuzzCase => ({ name, path, body: { kind: 'raw', text, type } });
  return [
    { name: 'unexpected JSON body', path, body: { kind: 'json', value: { unknown_field: 1 } } },
    raw('unexpected malformed JSON', '{"a":'),
    raw('unexpected __proto__ body', '{"__proto__":{"role":"admin"}}'),
    raw('unexpected 5,000-deep body', deepJson(5000, 'array')),
    raw('unexpected body over the size limit', JSON.stringify({ pad: 'x'.repeat(1100 * 1024) })),
    raw('unexpected text/plain body', 'hello', 'text/plain'),
  ];
}

/** Bad values for a numeric path id; each already percent-encoded for the URL. */
export const BAD_IDS: Record<string, string> = {
  '0': '0',
  '-1': '-1',
  '1.5': '1.5',
  abc: 'abc',
  '99999999999999999999': '99999999999999999999',
  '2**31': '2147483648',
  '1e3': '1e3',
  '0x10': '0x10',
  '%00': '%00',
  '%2e%2e': '%2e%2e',
  '%2F inside': '1%2F2',
  'padded %20': '%201',
  'leading +': '%2B1',
  'unicode digits': encodeURIComponent('١٢'),
  'largest int4 (no such row)': '2147483647',
  'very long id': '9'.repeat(5000),
  'malformed percent-encoding': '%E0%A4%A',
};

/** Bad candidate/invite tokens (path segment or query value), percent-encoded. */
export const BAD_TOKENS: Record<string, string> = {
  short: 'a',
  long: 'A'.repeat(5000),
  'non-base64': encodeURIComponent('!!!***$$$'),
  'with %2F': 'abc%2Fdef%2F..%2F..',
  '%00': 'abc%00def',
  '%2e%2e': '%2e%2e',
  'SQL-ish': encodeURIComponent("' OR '1'='1"),
  'JWT-looking': 'eyJhbGciOiJub25lIn0.eyJzdWIiOjF9.',
  'malformed percent-encoding': '%E0%A4%A',
};

export const BAD_AUTH: Record<string, string> = {
  'garbage bearer token': 'Bearer garbage',
  'huge bearer token': `Bearer ${'a'.repeat(8000)}`,
  'alg none JWT': 'Bearer eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOjEsInRlbmFudF9pZCI6MSwicm9sZSI6ImFkbWluIn0.',
  'basic scheme': 'Basic YWRtaW46YWRtaW4=',
  'empty bearer': 'Bearer ',
};

/** Query-string cases for the declared query parameters of an operation. */
export function queryCases(params: Parameter[], path: string, base: Record<string, string>): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const qs = (values: Record<string, string | string[]>): string =>
    Object.entries(values)
      .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${encodeURIComponent(k)}=${x}`))
      .join('&');
  const add = (name: string, values: Record<string, string | string[]>): void => void cases.push({ name, path, query: qs(values) });
  const long = 'z'.repeat(10_000);

  for (const p of params) {
    const type = typeOf(p.schema ?? { type: 'string' });
    const enc = encodeURIComponent;
    const bad: Record<string, string> = {
      empty: '',
      'huge value': long,
      '%00': 'a%00b',
      'lone surrogate (malformed UTF-8)': '%ED%A0%80',
      'malformed percent-encoding': '%E0%A4%A',
      'RTL/U+2028': enc('\u202eabc\u2028'),
      'SQL-ish': enc("1' OR '1'='1"),
    };
    if (type === 'number') Object.assign(bad, { string: 'abc', '1.5': '1.5', '-1': '-1', '0': '0', '1e308': '1e308', '1e3': '1e3', '2**53+1': '9007199254740993', '99999999999999999999': '99999999999999999999', NaN: 'NaN', Infinity: 'Infinity', '0x10': '0x10', boolean: 'true' });
    if (type === 'boolean') Object.assign(bad, { string: 'maybe', number: '2', 'upper TRUE': 'TRUE', '1': '1' });
    if (type === 'string') {
      Object.assign(bad, {
        'not a date / enum': 'not-a-value',
        'date far future': '99999-01-01',
        'impossible date': '2024-02-30T25:61:00Z',
        'offset out of range': enc('1970-01-01T00:00:00+99:99'),
        'PostgreSQL special date': 'infinity',
        'number 1e308': '1e308',
        'tsquery/LIKE metacharacters': enc("%_\\:*&|!()<->'"),
      });
    }
    for (const [label, value] of Object.entries(bad)) add(`query ${p.name}: ${label}`, { ...base, [p.name]: value });
    add(`query ${p.name}: repeated (array)`, { ...base, [p.name]: ['1', '2'] });
    add(`query ${p.name}: bracket array`, { ...withoutKey(base, p.name), [`${p.name}[]`]: ['1', '2'] });
    add(`query ${p.name}: bracket object`, { ...withoutKey(base, p.name), [`${p.name}[a]`]: 'b' });
    if (p.required) add(`query ${p.name}: missing (required)`, withoutKey(base, p.name));
  }
  const names = params.map((p) => p.name);
  if (names.includes('page') || names.includes('per_page')) {
    const pages: Record<string, Record<string, string>> = { 'page=0': { page: '0' }, 'per_page=1000': { per_page: '1000' }, 'per_page=-1': { per_page: '-1' }, 'per_page=0': { per_page: '0' }, 'page=100001': { page: '100001' }, 'page huge with per_page=100': { page: '100000', per_page: '100' } };
    for (const [label, v] of Object.entries(pages)) {
      add(`pagination ${label}`, { ...base, ...v });
    }
  }
  add('query: unknown parameter', { ...base, unknown_param: '1' });
  add('query: __proto__ keys', { ...base, '__proto__[role]': 'admin', 'constructor[prototype][x]': '1' });
  add('query: 1,000 parameters', { ...base, ...Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`p${i}`, '1'])) });
  return cases;
}

export function withoutKey<V>(obj: Record<string, V>, key: string): Record<string, V> {
  const copy: Record<string, V> = { ...obj };
  delete copy[key];
  return copy;
}

const camel = (s: string): string => s.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

/** Sends one case through supertest. */
export function send(http: TestAgent, method: string, c: FuzzCase, headers: Record<string, string>): Test {
  const url = c.query !== undefined && c.query !== '' ? `${c.path}?${c.query}` : c.path;
  let req = (http as unknown as Record<string, (url: string) => Test>)[method](url).timeout({ response: 20_000, deadline: 30_000 });
  for (const [k, v] of Object.entries({ ...headers, ...c.headers })) req = req.set(k, v);
  const body = c.body;
  if (!body) return req;
  if (body.kind === 'json') return req.set('Content-Type', 'application/json').send(JSON.stringify(body.value));
  if (body.kind === 'raw') {
    if (body.type) req = req.set('Content-Type', body.type);
    for (const [k, v] of Object.entries(body.headers ?? {})) req = req.set(k, v);
    return req.send(body.text);
  }
  for (const [k, v] of Object.entries(body.fields ?? {})) req = req.field(k, v);
  for (const f of body.files) req = req.attach(f.field, f.content, { filename: f.name, contentType: f.type ?? 'application/octet-stream' });
  return req;
}

/** Signs of internals in an error body: stack frames, source paths, driver or framework messages. */
const LEAKS: [RegExp, string][] = [
  [/\n\s*at\s/, 'stack frame'],
  [/\bat\s+[\w.<>]+\s+\(/, 'stack frame'],
  [/\(?(?:\/[\w.@-]+)+\.(?:ts|js|mjs|cjs)(?::\d+)?/, 'source file path'],
  [/node_modules/, 'node_modules path'],
  [/[A-Za-z]:\\\\/, 'Windows path'],
  [/\b(?:QueryFailedError|TypeORMError|SyntaxError|TypeError|RangeError|ReferenceError)\b/, 'exception class name'],
  [/\brelation "|\bduplicate key value|\bviolates .* constraint|\bsyntax error at or near\b/, 'database message'],
];

const ENVELOPE_KEYS = new Set(['code', 'message', 'request_id', 'details']);

/** What is wrong with a response; an empty list when it passes. */
export function responseProblems(res: Response, allow503: boolean): string[] {
  const problems: string[] = [];
  if (res.status >= 500 && !(allow503 && res.status === 503)) problems.push(`status ${res.status}`);
  const type = String(res.headers['content-type'] ?? '');
  // The README's convention: every error answers the JSON envelope, whatever the route produces on success.
  if (res.status >= 400 && !/json/i.test(type)) problems.push(`error with content type "${type}"`);
  if (res.status >= 400 && /json/i.test(type)) {
    const body = res.body as { error?: Record<string, unknown> } | undefined;
    const error = body?.error;
    if (!body || typeof body !== 'object' || Array.isArray(body) || Object.keys(body).length !== 1 || !error || typeof error !== 'object') {
      problems.push('not the error envelope');
    } else {
      if (typeof error.code !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(error.code)) problems.push('error.code is not a code string');
      if (typeof error.message !== 'string' || !error.message) problems.push('error.message is not a string');
      if (error.request_id !== undefined && typeof error.request_id !== 'string') problems.push('error.request_id is not a string');
      const extra = Object.keys(error).filter((k) => !ENVELOPE_KEYS.has(k));
      if (extra.length) problems.push(`unexpected error keys: ${extra.join(',')}`);
      const text = `${String(error.message)}\n${JSON.stringify(error.details ?? '')}`;
      for (const [re, what] of LEAKS) if (re.test(text)) problems.push(`leaks a ${what}`);
    }
  }
  return problems;
}

export function preview(value: unknown, max = 160): string {
  let text: string;
  if (value === undefined) return '';
  if (Buffer.isBuffer(value)) text = `<${value.length} bytes>`;
  else text = typeof value === 'string' ? value : JSON.stringify(value);
  // Control characters, line separators and surrogates written as \uXXXX keep the report on one readable line.
  text = Array.from(text.slice(0, max + 1), (c) => {
    const code = c.charCodeAt(0);
    const escape = code < 0x20 || code === 0x2028 || code === 0x2029 || (c.length === 1 && code >= 0xd800 && code <= 0xdfff);
    return escape ? `\\u${code.toString(16).padStart(4, '0')}` : c;
  }).join('') + text.slice(max + 1);
  return text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text;
}

export function describeBody(body: FuzzBody | undefined): string {
  if (!body) return '';
  if (body.kind === 'json') return preview(body.value);
  if (body.kind === 'raw') return `[${body.type ?? 'no type'}] ${preview(typeof body.text === 'string' ? body.text : body.text)}`;
  return `[multipart] ${body.files.map((f) => `${f.field}=${preview(f.name, 40)}(${f.content.length}B)`).join(' ')}`;
}

/** Runs `fn` over `items` with at most `limit` in flight; results in input order. */
export async function mapBounded<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
