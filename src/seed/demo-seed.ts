import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { createApp } from '../app.factory';
import { AccessLogWriter } from '../audit/access-log.writer';
import { AppConfig, loadConfig } from '../config/app-config';
import { OutboxDispatcher } from '../mail/outbox.dispatcher';
import { DemoClient, SeedError } from './demo-client';
import { DemoInventory } from './demo-inventory';
import { DEMO_ADMIN, DEMO_ORGANIZATION } from './demo-plan';
import { countsOf, DemoCounts, missingWork } from './demo-progress';
import { DemoSeeder } from './demo-seeder';

export { SeedError } from './demo-client';
export type { DemoCounts } from './demo-progress';

export type SeedOutcome = 'created' | 'topped-up' | 'unchanged';

export interface SeedDemoReport {
  outcome: SeedOutcome;
  /** What was missing before this run (empty when it changed nothing). */
  missing: string[];
  organization: string;
  tenantId: number;
  counts: DemoCounts;
  database: { kind: 'embedded'; dataDir: string } | { kind: 'postgres' };
}

export interface SeedDemoOptions {
  /** Progress lines (never a secret). */
  log?: (line: string) => void;
}

/**
 * Settings of the app the seed boots for itself: it listens on loopback only, so the rate limits that
 * protect a public API would only slow it down; mail stays with the mock provider (demo addresses must
 * never receive real e-mail); questions come from the deterministic set (no LLM calls, same data each time).
 */
const SEED_OVERRIDES: Record<string, string | undefined> = {
  RATE_LIMIT_PUBLIC: '1000000',
  RATE_LIMIT_API: '1000000',
  RATE_LIMIT_AUTH: '1000000',
  TRUST_PROXY: 'true',
  RESEND_API_KEY: undefined,
  GEMINI_API_KEY: undefined,
  DOCS_ENABLED: 'false',
  RETENTION_CRON: 'off',
};

export function seedConfig(env: Record<string, string | undefined>): AppConfig {
  if (env.NODE_ENV === 'production') throw new SeedError('Refusing to write demo data with NODE_ENV=production');
  return loadConfig({ ...env, LOG_LEVEL: env.LOG_LEVEL === 'silent' ? 'silent' : 'warn', ...SEED_OVERRIDES });
}

/**
 * Fills (or completes) the demo organization through the real API: boots the application on the
 * configured database (migrations applied as at start-up), listens on an ephemeral loopback port and
 * plays the admin SPA and the candidate app against it. When nothing is missing it sends no request at
 * all, so a second run leaves every row, access logs included, as it was.
 */
export async function seedDemo(env: Record<string, string | undefined>, options: SeedDemoOptions = {}): Promise<SeedDemoReport> {
  const log = options.log ?? (() => undefined);
  const config = seedConfig(env);
  const app = await createApp(config);
  try {
    await app.init();
    const inventory = new DemoInventory(app.get(DataSource));
    const before = await inventory.snapshot(DEMO_ADMIN.email);
    const missing = before ? missingWork(before) : ['the organization'];
    let outcome: SeedOutcome = 'unchanged';
    if (missing.length) {
      log(before ? `Demo organization found; adding what is missing: ${missing.join('; ')}` : `Creating the demo organization "${DEMO_ORGANIZATION}"`);
      const client = new DemoClient(await listenOnLoopback(app));
      await new DemoSeeder(client, inventory, config, log).run(before);
      await app.get(AccessLogWriter).flush();
      await deliverQueuedMail(app);
      outcome = before ? 'topped-up' : 'created';
    } else {
      log('Demo organization found and complete: nothing changed');
    }
    const after = await inventory.snapshot(DEMO_ADMIN.email);
    if (!after) throw new SeedError('The demo organization is missing after seeding');
    return {
      outcome,
      missing,
      organization: DEMO_ORGANIZATION,
      tenantId: after.tenantId,
      counts: countsOf(after),
      database: config.usesEmbeddedDatabase ? { kind: 'embedded', dataDir: config.DATA_DIR } : { kind: 'postgres' },
    };
  } finally {
    await app.close();
  }
}

async function listenOnLoopback(app: NestExpressApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** Invites and notifications go to the mock provider before the app stops, rather than waiting in the outbox. */
async function deliverQueuedMail(app: NestExpressApplication): Promise<void> {
  const dispatcher = app.get(OutboxDispatcher);
  // A pass already running may have claimed its batch before the last e-mails were written.
  await dispatcher.dispatchDue();
  await dispatcher.dispatchDue();
}
