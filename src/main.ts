import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './config/app-config';

async function bootstrap(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exitCode = 1;
      return;
    }
    throw e;
  }
  const started = Date.now();
  const app = await createApp(config);
  // A signal (SIGTERM, SIGINT, …) runs app.close(): readiness turns 503 and the server stops accepting
  // connections, requests in flight finish (at most SHUTDOWN_TIMEOUT_MS), the access-log and metric buffers
  // are written, the pool closes. Then the process exits, also as PID 1 in a container, where a re-raised
  // SIGTERM without a handler is ignored.
  app.enableShutdownHooks([], { useProcessExit: true });
  await app.listen(config.PORT, config.HOST);
  new Logger('Bootstrap').log(
    `Hirevision API listening on ${await app.getUrl()} (${config.usesEmbeddedDatabase ? `embedded PostgreSQL in ${config.DATA_DIR}` : 'PostgreSQL'}; ready in ${Date.now() - started} ms)`,
  );
}

bootstrap().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
