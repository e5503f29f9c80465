import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Signatures already accepted, kept for the tolerance window so a replayed request is refused on every instance. */
@Entity('webhook_replays')
export class WebhookReplay {
  @PrimaryColumn({ type: 'char', length: 64 })
  signature!: string;

  @Index()
  @Column({ type: 'timestamptz' })
  expiresAt!: Date;
}
