import type { Duplex } from 'node:stream';
import { DataSource, DataSourceOptions, MigrationExecutor } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { AppConfig } from '../config/app-config';
import { EmbeddedPostgres } from './embedded-postgres';
import { ENTITIES } from './entities';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** Serialises migration runs between API instances starting at the same time. */
const MIGRATION_LOCK_KEY = 72_410_001;

/**
 * The embedded engine is one backend session behind a socket that interleaves protocol messages of
 * concurrent connections (an unnamed statement of one connection can be replaced by another's), so the
 * pool holds one connection and requests queue for it. PGlite runs one query at a time anyway.
 */
export const EMBEDDED_POOL_SIZE = 1;

export function dataSourceOptions(url: string, poolSize: number, stream?: () => Duplex): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    extra: { max: poolSize, connectionTimeoutMillis: 10_000, ...(stream ? { stream } : {}) },
    logging: false,
  };
}

/**
 * Connects to DATABASE_URL or starts the embedded PostgreSQL under DATA_DIR. When the data source is
 * destroyed (application shutdown), the embedded server is stopped after the pool has closed.
 */
export async function openDatabase(config: AppConfig): Promise<DataSource> {
  let embedded: EmbeddedPostgres | undefined;
  let url = config.DATABASE_URL;
  if (!url) {
    embedded = await EmbeddedPostgres.start({ dataDir: config.DATA_DIR, maxConnections: config.DATABASE_POOL_SIZE + 2 });
    url = embedded.url;
  }
  const engine = embedded;
  const dataSource = new DataSource(
    engine ? dataSourceOptions(url, EMBEDDED_POOL_SIZE, () => engine.connectInProcess()) : dataSourceOptions(url, config.DATABASE_POOL_SIZE),
  );
  if (embedded) {
    const destroy = dataSource.destroy.bind(dataSource);
    const server = embedded;
    dataSource.destroy = async () => {
      try {
        if (dataSource.isInitialized) await destroy();
      } finally {
        await server.stop();
      }
    };
  }
  try {
    await dataSource.initialize();
  } catch (e) {
    await embedded?.stop();
    throw e;
  }
  return dataSource;
}

/** Applies pending migrations on one connection that holds an advisory lock meanwhile. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'each';
    const applied = await executor.executePendingMigrations();
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}
