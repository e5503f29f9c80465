import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ErrorBody {
  @ApiProperty({ example: 'NOT_FOUND', description: 'Stable machine-readable code' })
  code!: string;

  @ApiProperty({ example: 'Job not found' })
  message!: string;

  @ApiPropertyOptional({
    description: 'Per-field problems for VALIDATION_ERROR; other context otherwise',
    example: [{ field: 'email', messages: ['email must be an email'] }],
  })
  details?: unknown;

  @ApiProperty({ example: '0b6e3c1e-7f0a-4a53-9d43-2a4c1f0f1b7e', description: 'Same as the X-Request-Id header' })
  request_id!: string;
}

/** The one error shape every failure answers with. */
export class ErrorEnvelope {
  @ApiProperty({ type: ErrorBody })
  error!: ErrorBody;
}
