import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';

/** One field's problems in a VALIDATION_ERROR's `details`. */
export class FieldProblem {
  @ApiProperty({ example: 'email', description: 'The field, dotted for nested ones (`items.0.name`)' })
  field!: string;

  @ApiProperty({ example: ['email must be an email'], type: [String] })
  messages!: string[];
}

@ApiExtraModels(FieldProblem)
export class ErrorBody {
  @ApiProperty({ example: 'NOT_FOUND', description: 'Stable machine-readable code' })
  code!: string;

  @ApiProperty({ example: 'Job not found' })
  message!: string;

  @ApiPropertyOptional({
    description:
      'VALIDATION_ERROR: the list of per-field problems. Other codes: an object of context, such as `reason` on a 409 ' +
      '(`CONSENT_REQUIRED`, `NOT_STARTED`, `NOT_OPEN`, `MESSAGE_LIMIT`) or the `interview_id` that is already open',
    oneOf: [
      { type: 'array', items: { $ref: getSchemaPath(FieldProblem) } },
      { type: 'object', additionalProperties: true },
    ],
    example: [{ field: 'email', messages: ['email must be an email'] }],
  })
  details?: FieldProblem[] | Record<string, unknown>;

  @ApiProperty({ example: '0b6e3c1e-7f0a-4a53-9d43-2a4c1f0f1b7e', description: 'Same as the X-Request-Id header' })
  request_id!: string;
}

/** The one error shape every failure answers with. */
export class ErrorEnvelope {
  @ApiProperty({ type: ErrorBody })
  error!: ErrorBody;
}
