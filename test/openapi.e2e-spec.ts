import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildOpenApiDocument, stableJson } from '../src/openapi';
import { createTestApp, TestApp } from './helpers/app';

describe('OpenAPI document', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ NODE_ENV: 'development' });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('is served at /docs-json and Swagger UI at /docs', async () => {
    const json = await t.http.get('/docs-json').expect(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(Object.keys(json.body.paths)).toContain('/api/v1/auth/login');
    const ui = await t.http.get('/docs').expect(200);
    expect(ui.text).toContain('swagger-ui');
  });

  it('committed openapi.json is up to date (run `npm run openapi` after changing the API)', () => {
    const committed = readFileSync(join(__dirname, '..', 'openapi.json'), 'utf8');
    expect(stableJson(buildOpenApiDocument(t.app))).toBe(committed);
  });

  it('passes `redocly lint` (recommended rules, redocly.yaml) with no error and no warning', async () => {
    const root = join(__dirname, '..');
    const { stdout } = await promisify(execFile)(join(root, 'node_modules', '.bin', 'redocly'), ['lint', 'openapi.json', '--format=json'], { cwd: root });
    const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { totals: Record<string, number>; problems: { ruleId: string; message: string }[] };
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    // The only exemptions are the probes' missing 4xx, listed with their reason in .redocly.lint-ignore.yaml.
    expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 2 });
  }, 60_000);

  it('documents every operation with a response schema and every request body with examples', () => {
    const doc = buildOpenApiDocument(t.app);
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item as Record<string, { responses?: Record<string, unknown>; summary?: string }>)) {
        expect([path, method, Object.keys(op.responses ?? {}).length > 0]).toEqual([path, method, true]);
        expect([path, method, typeof op.summary]).toEqual([path, method, 'string']);
      }
    }
    for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
      const props = (schema as { properties?: Record<string, { example?: unknown; $ref?: string; items?: unknown; allOf?: unknown }> }).properties ?? {};
      for (const [prop, def] of Object.entries(props)) {
        const documented = def.example !== undefined || def.$ref !== undefined || def.allOf !== undefined || def.items !== undefined;
        expect([name, prop, documented]).toEqual([name, prop, true]);
      }
    }
  });

  it('can be switched off with DOCS_ENABLED=false', async () => {
    const off = await createTestApp({ DOCS_ENABLED: 'false' });
    try {
      await off.http.get('/docs-json').expect(404);
      await off.http.get('/docs').expect(404);
    } finally {
      await off.close();
    }
  }, 60_000);
});
