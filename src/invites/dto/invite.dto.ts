import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { QueryBoolean } from '../../common/dto';

export class SendLinkDto {
  @ApiPropertyOptional({ type: 'integer', example: 72, minimum: 1, maximum: 720, description: "Link lifetime; default: the organization's setting (168)" })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(720)
  ttl_hours?: number;

  @ApiPropertyOptional({ type: 'integer', example: 7, description: "Re-issue the link of this interview; default: the candidate's open interview, or a new one" })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2147483647)
  interview_id?: number;
}

export class SendLinkRead {
  @ApiProperty({ type: 'integer', example: 41 }) candidate_id!: number;
  @ApiProperty({ type: 'integer', example: 7 }) interview_id!: number;
  @ApiProperty({ example: '2026-11-29T10:00:00.000Z' }) expires_at!: string;
  @ApiProperty({ example: 'http://localhost:5173/interview#token=Yc3…', description: 'The token is in the fragment, so it never reaches a server log' })
  link!: string;
  @ApiProperty({ enum: ['queued'], example: 'queued', description: 'The e-mail is in the outbox; it is sent (and retried) in the background' })
  email_status!: 'queued';
}

export class VerifyTokenQuery {
  @ApiProperty({ example: 'Yc3q…', description: 'The invite token from the link' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  token!: string;

  @ApiPropertyOptional({ example: false, type: Boolean, default: true, description: 'false: check the token without setting used_at' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  mark_used?: boolean;
}
