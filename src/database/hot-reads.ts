import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';

/**
 * A timestamptz column as the API spells times (`Date.prototype.toISOString`: UTC, milliseconds truncated),
 * formatted by the database: no row is parsed into a Date and printed again.
 */
export const isoTimestamp = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The API's hottest reads (list pages) go to the driver's pool without TypeORM's query runner, which costs a
 * runner, a connection hand-off and a dozen promises per call, and their pages come back as the JSON text
 * the API sends (`row_to_json`, as PostgREST does). Parsing 100 rows into objects and serialising them again
 * took the API process twice the CPU of the whole rest of the read (bench/reads.ts); PostgreSQL renders them
 * in C. Each SQL text is a named prepared statement per connection, parsed and planned once rather than per
 * request. Names carry this instance's random tag and the connection's serial: the embedded engine is one
 * session behind every client connection, where a reconnected client, or another application started on the
 * same engine, must not prepare a name the session already holds.
 */
const ignore = (): void => undefined;

@Injectable()
export class HotReads {
  private readonly pool: Pool;
  private readonly hashes = new Map<string, string>();
  private readonly serials = new WeakMap<PoolClient, number>();
  private nextSerial = 0;
  private readonly tag = randomBytes(4).toString('hex');

  constructor(@InjectDataSource() db: DataSource) {
    this.pool = (db.driver as unknown as { master: Pool }).master;
  }

  async rows<T>(text: string, values: unknown[]): Promise<T[]> {
    const client = await this.pool.connect();
    // The pool stops listening to a client it has lent out: a connection the server ends mid-read (a
    // restart) would otherwise be an unhandled 'error' event, which ends the process. The failed query
    // rejects on its own.
    client.on('error', ignore);
    let rows: T[];
    try {
      rows = (await client.query({ name: this.nameOf(client, text), text, values })).rows as T[];
    } catch (e) {
      // As pg's own pool.query does: a connection that failed a query is closed, not reused.
      client.off('error', ignore);
      client.release(e as Error);
      throw e;
    }
    client.off('error', ignore);
    client.release();
    return rows;
  }

  private nameOf(client: PoolClient, text: string): string {
    let hash = this.hashes.get(text);
    if (!hash) {
      hash = createHash('sha1').update(text).digest('hex').slice(0, 16);
      this.hashes.set(text, hash);
    }
    let serial = this.serials.get(client);
    if (serial === undefined) {
      serial = this.nextSerial++;
      this.serials.set(client, serial);
    }
    return `hot_${hash}_${this.tag}_${serial}`;
  }
}
