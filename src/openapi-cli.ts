/** Writes the OpenAPI document to the given file (default openapi.json) without opening a port or a database. */
import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from './app.factory';
import { loadConfig } from './config/app-config';
import { buildOpenApiDocument, stableJson } from './openapi';

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hirevision-openapi-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'development' });
  const app = await createApp(config);
  try {
    await app.init();
    const file = process.argv[2] ?? 'openapi.json';
    writeFileSync(file, stableJson(buildOpenApiDocument(app)));
    console.error(`wrote ${file}`);
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
