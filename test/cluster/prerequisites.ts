import Redis from 'ioredis';
import { Client } from 'pg';

export interface ClusterServices {
  databaseUrl: string;
  redisUrl: string;
}

const HOW_TO_RUN =
  'The cluster suite runs two API processes on one PostgreSQL and one Redis. Run it as\n' +
  '  TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres TEST_REDIS_URL=redis://127.0.0.1:6379 npm run test:cluster';

/** Host and port of a service URL, without its credentials. */
const where = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return 'not a URL';
  }
};

/** The PostgreSQL server and the Redis the suite needs; a missing or unreachable one fails the run, with how to fix it. */
export function clusterServices(): ClusterServices {
  const missing = ['TEST_DATABASE_URL', 'TEST_REDIS_URL'].filter((name) => !process.env[name]);
  if (missing.length) throw new Error(`${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set.\n${HOW_TO_RUN}`);
  return { databaseUrl: process.env.TEST_DATABASE_URL as string, redisUrl: process.env.TEST_REDIS_URL as string };
}

/** Connects to both services once, so an unreachable one is reported by name before anything starts. */
export async function checkClusterServices(): Promise<ClusterServices> {
  const services = clusterServices();
  const pg = new Client({ connectionString: services.databaseUrl, connectionTimeoutMillis: 5000 });
  try {
    await pg.connect();
    await pg.query('SELECT 1');
  } catch (e) {
    throw new Error(`PostgreSQL at TEST_DATABASE_URL (${where(services.databaseUrl)}) is unreachable: ${e instanceof Error ? e.message : String(e)}\n${HOW_TO_RUN}`, { cause: e });
  } finally {
    await pg.end().catch(() => undefined);
  }
  const redis = new Redis(services.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 5000, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (e) {
    throw new Error(`Redis at TEST_REDIS_URL (${where(services.redisUrl)}) is unreachable: ${e instanceof Error ? e.message : String(e)}\n${HOW_TO_RUN}`, { cause: e });
  } finally {
    redis.disconnect();
  }
  return services;
}
