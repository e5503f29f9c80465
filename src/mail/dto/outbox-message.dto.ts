import { ApiProperty } from '@nestjs/swagger';
import { OutboxMessage } from '../outbox-message.entity';

export class OutboxMessageRead {
  @ApiProperty({ type: 'integer', example: 12 }) id!: number;
  @ApiProperty({ example: 'invite' }) kind!: string;
  @ApiProperty({ example: 'ada@example.com' }) to!: string;
  @ApiProperty({ example: 'Your interview with Acme' }) subject!: string;
  @ApiProperty({ example: 'Hello Ada, …' }) text!: string;
  @ApiProperty({ example: '<!doctype html>…' }) html!: string;
  @ApiProperty({ enum: ['pending', 'sent', 'failed'], example: 'sent' }) status!: string;
  @ApiProperty({ type: 'integer', example: 1 }) attempts!: number;
  @ApiProperty({ example: null, nullable: true, type: String }) last_error!: string | null;
  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' }) created_at!: string;
  @ApiProperty({ example: '2026-11-22T10:00:01.000Z', nullable: true, type: String }) sent_at!: string | null;

  static from(m: OutboxMessage, delivered?: { html: string; text: string }): OutboxMessageRead {
    return {
      id: m.id,
      kind: m.kind,
      to: m.toAddress,
      subject: m.subject,
      text: delivered?.text ?? m.text,
      html: delivered?.html ?? m.html,
      status: m.status,
      attempts: m.attempts,
      last_error: m.lastError,
      created_at: m.createdAt.toISOString(),
      sent_at: m.sentAt?.toISOString() ?? null,
    };
  }
}
