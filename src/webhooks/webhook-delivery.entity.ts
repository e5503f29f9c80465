import { Column, Entity, Index } from 'typeorm';
import { QueuedDelivery } from '../common/queued-delivery';

/** An outbound webhook POST waiting to be (re)sent to a tenant's webhook URL. */
@Entity('webhook_deliveries')
@Index(['status', 'nextAttemptAt'])
@Index(['tenantId', 'id'])
export class WebhookDelivery extends QueuedDelivery {
  @Column({ type: 'int' })
  tenantId!: number;

  @Column({ type: 'varchar', length: 50 })
  event!: string;

  @Column({ type: 'varchar', length: 2048 })
  url!: string;

  /** The exact JSON body that is signed and sent. */
  @Column({ type: 'text' })
  payload!: string;

  /** For erasure: the candidate the payload is about. */
  @Index()
  @Column({ type: 'varchar', length: 100, nullable: true })
  subjectRef!: string | null;

  @Column({ type: 'int', nullable: true })
  responseStatus!: number | null;
}
