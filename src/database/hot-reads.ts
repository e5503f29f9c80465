import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool, QueryConfig } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';

/**
 * A timestamptz column as the API spells times (`Date.prototype.toISOString`: UTC, milliseconds truncated),
 * formatted by the database: no row is parsed into a Date and printed again.
 */
export const isoTimestamp = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The API's hottest reads (list pages) go to the driver's pool without TypeORM's query runner, which
 * costs a runner, a connection hand-off and a dozen promises per call. (Rendering whole pages to JSON in
 * the database with `row_to_json` was tried: it costs PostgreSQL more than it saves here, measured.) On PostgreSQL each distinct SQL text becomes a named prepared
 * statement per connection, so the server parses and plans it once rather than per request. The
 * embedded engine is one backend session shared by every client connection, where a reconnecting
 * client would prepare a name the session already holds: there statements stay unnamed.
 */
@Injectable()
export class HotReads {
  private readonly pool: Pool;
  private readonly names = new Map<string, string>();
  private readonly prepare: boolean;

  constructor(@InjectDataSource() db: DataSource, config: AppConfig) {
    this.pool = (db.driver as unknown as { master: Pool }).master;
    this.prepare = !config.usesEmbeddedDatabase;
  }

  async rows<T>(text: string, values: unknown[]): Promise<T[]> {
    const query: QueryConfig = { text, values };
    if (this.prepare) query.name = this.nameOf(text);
    return (await this.pool.query(query)).rows as T[];
  }

  private nameOf(text: string): string {
    let name = this.names.get(text);
    if (!name) {
      name = `hot_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
      this.names.set(text, name);
    }
    return name;
  }
}
