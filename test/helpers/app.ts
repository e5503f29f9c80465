import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { EMBEDDED_POOL_SIZE } from '../../src/database/data-source';
import { contractChecked } from './contract';
import { provisionDatabase, TestDatabase } from './database';

export interface TestApp {
  app: NestExpressApplication;
  /** Every response is checked against the committed openapi.json (see contract.ts). */
  http: TestAgent;
  config: AppConfig;
  db: TestDatabase;
  dataSource: DataSource;
  dataDir: string;
  close(): Promise<void>;
}

export const TEST_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
  RATE_LIMIT_PUBLIC: '100000',
  RATE_LIMIT_API: '100000',
  RATE_LIMIT_AUTH: '100000',
  // The outbox is dispatched explicitly by tests that need it.
  MAIL_DISPATCH_INTERVAL_MS: '3600000',
  CORS_ORIGINS: 'http://localhost:5173',
};

/** Boots the real AppModule on this file's own database; `env` overrides settings. */
export async function createTestApp(env: Record<string, string | undefined> = {}): Promise<TestApp> {
  const db = await provisionDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'hirevision-e2e-'));
  const pool = db.kind === 'embedded' ? { DATABASE_POOL_SIZE: String(EMBEDDED_POOL_SIZE) } : {};
  const config = loadConfig({ ...TEST_ENV, DATA_DIR: dataDir, DATABASE_URL: db.url, ...pool, ...env });
  let app: NestExpressApplication | undefined;
  try {
    app = await createApp(config);
    await app.init();
  } catch (e) {
    await app?.close().catch(() => undefined);
    await db.drop();
    throw e;
  }
  const ready = app;
  return {
    app: ready,
    http: contractChecked(request(ready.getHttpServer())),
    config,
    db,
    dataSource: ready.get(DataSource),
    dataDir,
    async close() {
      await ready.close().catch(() => undefined);
      await db.drop().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface InstancePair {
  a: TestApp;
  b: TestApp;
  close(): Promise<void>;
}

/**
 * Two instances of the API on one database, as a deployment runs them: on PostgreSQL a second instance opens
 * the first one's database; the embedded database belongs to one process, so there both are the same app.
 * `close` closes both.
 */
export async function createInstancePair(): Promise<InstancePair> {
  const a = await createTestApp();
  let b = a;
  if (process.env.TEST_DATABASE_URL !== undefined) {
    try {
      b = await createTestApp({ DATABASE_URL: a.db.url });
    } catch (e) {
      await a.close();
      throw e;
    }
  }
  return {
    a,
    b,
    async close() {
      if (b !== a) await b.close();
      await a.close();
    },
  };
}
