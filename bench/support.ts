import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '../src/app.factory';
import { AppConfig, loadConfig } from '../src/config/app-config';
import { call } from './http';

export { call };

export interface BenchApp {
  app: NestExpressApplication;
  config: AppConfig;
  base: string;
  port: number;
}

/**
 * Runs `fn` against the real application listening on a free loopback port, on the embedded database in
 * a temporary directory (or DATABASE_URL when set), then shuts it down.
 */
export async function withBenchApp(env: Record<string, string>, fn: (bench: BenchApp) => Promise<void>): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hirevision-bench-'));
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', RATE_LIMIT_API: '100000000', RATE_LIMIT_AUTH: '100000', RETENTION_CRON: 'off', ...env });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  try {
    await fn({ app, config, base: `http://127.0.0.1:${port}`, port });
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Registers an organization and returns its admin's access token. */
export async function registerAdmin(base: string): Promise<string> {
  const res = await call(base, 'POST', '/api/v1/auth/register', {
    organization_name: 'Bench',
    name: 'Bench Admin',
    email: `bench.${Date.now()}@example.com`,
    password: 'bench password 1',
  });
  return String(res.access_token);
}

export const dbLabel = (config: AppConfig): string => (config.usesEmbeddedDatabase ? 'embedded PostgreSQL' : 'PostgreSQL');

export function run(main: () => Promise<void>): void {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
