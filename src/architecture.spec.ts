import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The module boundaries, checked on the source: a feature reaches another feature through its exported
 * services only, and tenant data only through the database layer's scoped access.
 */
const SRC = __dirname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const files = sources(SRC).map((path) => ({ path: relative(SRC, path), text: readFileSync(path, 'utf8') }));
const featureOf = (path: string): string => path.split('/')[0];

/** Infrastructure every feature may use without importing its module. */
const GLOBAL_MODULES = ['background', 'config', 'database', 'mail', 'metrics'];

describe('module boundaries', () => {
  it("no feature imports another feature's repository", () => {
    const offending = files.flatMap(({ path, text }) =>
      [...text.matchAll(/from '\.\.\/([a-z-]+)\/[a-z-]+\.repository'/g)].filter((m) => m[1] !== 'database' && m[1] !== featureOf(path)).map((m) => `${path}: ${m[0]}`),
    );
    expect(offending).toEqual([]);
  });

  it('only infrastructure modules are global, and no module exports a repository', () => {
    const modules = files.filter(({ path }) => path.endsWith('.module.ts'));
    expect(modules.length).toBeGreaterThan(20);
    const global = modules.filter(({ text }) => /@Global\(\)|global: true/.test(text)).map(({ path }) => featureOf(path));
    expect(global.sort()).toEqual(GLOBAL_MODULES);
    const exportingRepositories = modules.filter(({ text }) => /exports: \[[^\]]*Repository\b(?<!SystemRepository)/.test(text)).map(({ path }) => path);
    expect(exportingRepositories).toEqual([]);
  });

  it('services reach the database through repositories and Database, not the data source', () => {
    const direct = files
      .filter(({ path }) => !path.startsWith('database/') && !path.startsWith('seed/') && !path.endsWith('.repository.ts'))
      .filter(({ text }) => /@InjectDataSource\(\)|\.transaction\(async \(manager|getRepository\(/.test(text))
      .map(({ path }) => path);
    // The job queue is infrastructure (its rows); the purge holds a connection of its own for its advisory locks.
    expect(direct).toEqual(['background/background-jobs.ts', 'retention/retention.service.ts']);
  });

  it('no repository method takes a tenant id or an entity manager', () => {
    const offending = files
      .filter(({ path }) => path.endsWith('.repository.ts'))
      .flatMap(({ path, text }) => [...text.matchAll(/^\s+(?:async )?(\w+)\(([^)]*)\)[^;{]*\{/gm)].filter((m) => /\btenantId\b|EntityManager|QueryRunner/.test(m[2])).map((m) => `${path}: ${m[1]}(${m[2]})`));
    expect(offending).toEqual([]);
  });
});
