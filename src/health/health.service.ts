import { Injectable } from '@nestjs/common';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import { APP_VERSION } from '../common/version';
import { AppLifecycle } from './app-lifecycle';
import { HealthRead, LivenessRead } from './dto/health.dto';

const PING_TIMEOUT_MS = 2000;

@Injectable()
export class HealthService {
  private ping?: Promise<boolean>;

  constructor(
    private readonly db: TypeOrmHealthIndicator,
    private readonly lifecycle: AppLifecycle,
  ) {}

  /** The process answers; nothing else is asked. */
  liveness(): LivenessRead {
    return { status: 'ok', version: APP_VERSION };
  }

  /** /healthz: the database answers. */
  async health(): Promise<HealthRead> {
    return this.read(await this.databaseUp(), true);
  }

  /** The database answers and the instance is not shutting down. */
  async readiness(): Promise<HealthRead> {
    const up = await this.databaseUp();
    return this.read(up, !this.lifecycle.shuttingDown);
  }

  private read(databaseUp: boolean, accepting: boolean): HealthRead {
    return { status: databaseUp && accepting ? 'ok' : 'error', database: databaseUp ? 'up' : 'down', version: APP_VERSION };
  }

  /**
   * `SELECT 1` within 2 s. Probes that arrive while one runs share its answer, so however often they come
   * (probes are not rate limited) they hold at most one pooled connection.
   */
  private databaseUp(): Promise<boolean> {
    this.ping ??= Promise.resolve(this.db.pingCheck('database', { timeout: PING_TIMEOUT_MS }))
      .then(
        (result) => result.database?.status === 'up',
        () => false,
      )
      .finally(() => {
        this.ping = undefined;
      });
    return this.ping;
  }
}
