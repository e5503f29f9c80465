import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Requests per tenant, minute, status and error code: the error rate comes from these counters, so
 * its cost follows the window's minutes, not the number of requests.
 */
@Entity('request_counts')
export class RequestCount {
  @PrimaryColumn({ type: 'int' })
  tenantId!: number;

  @PrimaryColumn({ type: 'timestamptz' })
  minute!: Date;

  @PrimaryColumn({ type: 'smallint' })
  status!: number;

  /** The error code of the response ('' for successes). */
  @PrimaryColumn({ type: 'varchar', length: 40 })
  code!: string;

  @Column({ type: 'int' })
  count!: number;
}
