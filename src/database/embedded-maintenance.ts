import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** How often the tables' change counters are looked at (PostgreSQL's autovacuum_naptime is 60 s). */
export const EMBEDDED_MAINTENANCE_INTERVAL_MS = 30_000;

/**
 * The embedded engine runs PostgreSQL in single-user mode, which has no autovacuum: without this, its
 * tables would never be analysed (the planner then guesses a handful of rows and sorts a whole
 * organization's candidates for every list page: 3× slower, measured) nor vacuumed. This applies
 * autovacuum's default thresholds itself: ANALYZE a table once 50 + 10 % of its rows changed, VACUUM it once
 * 50 + 20 % are dead. Not used on PostgreSQL servers, whose autovacuum does the same.
 */
@Injectable()
export class EmbeddedMaintenance implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('EmbeddedMaintenance');
  private timer?: NodeJS.Timeout;
  private running?: Promise<string[]>;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.pass(), EMBEDDED_MAINTENANCE_INTERVAL_MS).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One look at every table, unless a pass is still running; answers the statements it ran. */
  async pass(): Promise<string[]> {
    if (this.running) return [];
    this.running = this.maintain();
    try {
      return await this.running;
    } catch (e) {
      this.logger.warn(`maintenance pass failed: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    } finally {
      this.running = undefined;
    }
  }

  private async maintain(): Promise<string[]> {
    const tables: Array<{ relname: string; needs_vacuum: boolean }> = await this.db.query(
      `SELECT relname, needs_vacuum FROM (
         SELECT relname, n_mod_since_analyze > 50 + 0.1 * n_live_tup AS needs_analyze, n_dead_tup > 50 + 0.2 * n_live_tup AS needs_vacuum
         FROM pg_stat_user_tables WHERE schemaname = 'public') t
       WHERE needs_analyze OR needs_vacuum`,
    );
    const done: string[] = [];
    for (const t of tables) {
      const statement = `${t.needs_vacuum ? 'VACUUM ANALYZE' : 'ANALYZE'} "${t.relname.replace(/"/g, '""')}"`;
      await this.db.query(statement);
      done.push(statement);
    }
    return done;
  }
}
