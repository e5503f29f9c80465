import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

export class LogUploadDto {
  @ApiPropertyOptional({ type: 'integer', example: 7, description: 'With a JWT: the interview the upload belongs to' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2147483647)
  interview_id?: number;

  @ApiPropertyOptional({ example: 'Yc3q…', description: "The candidate's invite token (the candidate app's credential)" })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  token?: string;

  @ApiProperty({ enum: ['video', 'audio'], example: 'video' })
  @IsIn(['video', 'audio'])
  kind!: 'video' | 'audio';

  @ApiProperty({ example: 1840, minimum: 0, maximum: 86400000, description: 'How long the upload took, in milliseconds' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(86_400_000)
  duration_ms!: number;

  @ApiPropertyOptional({ type: 'integer', example: 5242880, minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  size_bytes?: number;

  @ApiProperty({ example: true })
  @IsBoolean()
  success!: boolean;
}

export class OkResponse {
  @ApiProperty({ example: true }) ok!: true;
}
