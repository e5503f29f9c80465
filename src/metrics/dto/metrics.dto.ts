import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export const WINDOWS = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 } as const;
export type MetricsWindow = keyof typeof WINDOWS;

export class MetricsQuery {
  @ApiPropertyOptional({ enum: Object.keys(WINDOWS), default: '24h', example: '24h' })
  @IsOptional()
  @IsIn(Object.keys(WINDOWS))
  window?: MetricsWindow;
}

export class MetricsRead {
  @ApiProperty({ example: 840.5, description: 'p95 of successful upload durations (presign and dev-upload requests, and client reports) in the window, ms; 0 without samples' })
  upload_p95_ms!: number;

  @ApiProperty({ example: 12.3, description: 'p95 of successful analysis runs in the window, ms; 0 without samples' })
  analysis_p95_ms!: number;

  @ApiProperty({
    example: 0.0021,
    description:
      "Share of the organization's /api/v1 requests in the window answered with a 5xx status (0..1). Counted: requests authenticated " +
      "by the organization's users or made with its candidates' invite links; requests that identify no organization (failed logins, unknown tokens) are not.",
  })
  error_rate!: number;

  @ApiProperty({ example: { VALIDATION_ERROR: 12, NOT_FOUND: 3, INTERNAL: 1 }, description: 'Responses with status ≥ 400 in the window, per error code', type: 'object', additionalProperties: { type: 'number' } })
  errors_by_type!: Record<string, number>;
}
