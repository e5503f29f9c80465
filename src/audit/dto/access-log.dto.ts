import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { OptionalIdQuery } from '../../common/dto';
import { PageQueryDto } from '../../common/pagination/pagination';
import { AccessLog } from '../access-log.entity';

export class AccessLogQuery extends PageQueryDto {
  @OptionalIdQuery(7, 'Only requests of this user')
  user_id?: number;

  @ApiPropertyOptional({ example: '/api/v1/candidates', description: 'Paths starting with this', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  path?: string;

  @ApiPropertyOptional({ type: 'integer', example: 404, minimum: 100, maximum: 599 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(599)
  status?: number;

  @ApiPropertyOptional({ example: '2026-11-01T00:00:00Z', type: String, format: 'date-time', description: 'From this time (inclusive)' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'from must be an ISO-8601 date-time' })
  from?: Date;

  @ApiPropertyOptional({ example: '2026-11-30T23:59:59Z', type: String, format: 'date-time', description: 'Until this time (inclusive)' })
  @IsOptional()
  @Type(() => Date)
  @IsDate({ message: 'to must be an ISO-8601 date-time' })
  to?: Date;
}

export class AccessLogRead {
  @ApiProperty({ type: 'integer', example: 1042 }) id!: number;
  @ApiProperty({ example: 7, nullable: true, type: 'integer' }) user_id!: number | null;
  @ApiProperty({ example: null, nullable: true, type: 'integer', description: "The candidate invite token used (by id; the token is never stored)" })
  invite_token_id!: number | null;
  @ApiProperty({ example: 'GET' }) method!: string;
  @ApiProperty({ example: '/api/v1/candidates/:id' }) route!: string;
  @ApiProperty({ example: '/api/v1/candidates/41' }) path!: string;
  @ApiProperty({ type: 'integer', example: 200 }) status!: number;
  @ApiProperty({ example: 12 }) duration_ms!: number;
  @ApiProperty({ example: '203.0.113.7', nullable: true, type: String }) ip!: string | null;
  @ApiProperty({ example: 'Mozilla/5.0 …', nullable: true, type: String }) user_agent!: string | null;
  @ApiProperty({ example: '0b6e3c1e-7f0a-4a53-9d43-2a4c1f0f1b7e' }) request_id!: string;
  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' }) created_at!: string;

  static from(l: AccessLog): AccessLogRead {
    return {
      id: Number(l.id),
      user_id: l.userId,
      invite_token_id: l.inviteTokenId,
      method: l.method,
      route: l.route,
      path: l.path,
      status: l.status,
      duration_ms: l.durationMs,
      ip: l.ip,
      user_agent: l.userAgent,
      request_id: l.requestId,
      created_at: l.createdAt.toISOString(),
    };
  }
}
