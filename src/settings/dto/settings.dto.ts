import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { Trim, OptionalNotNull } from '../../common/dto';
import { Tenant } from '../../tenants/tenant.entity';

export class SettingsRead {
  @ApiProperty({ example: 'Acme' }) company_name!: string;
  @ApiProperty({ type: 'integer', example: 168, description: 'Default invite link lifetime, hours' }) default_token_ttl_hours!: number;
  @ApiProperty({ example: true }) consent_required!: boolean;
  @ApiProperty({ example: 'v1' }) consent_text_version!: string;
  @ApiProperty({ example: 365, nullable: true, type: 'integer', description: 'Candidates inactive longer than this are erased; null keeps them' })
  candidate_retention_days!: number | null;
  @ApiProperty({ example: 'https://hooks.acme.example/hirevision', nullable: true, type: String }) webhook_url!: string | null;
  @ApiProperty({ example: true, description: 'A webhook signing secret exists (it is never shown again)' }) webhook_secret_set!: boolean;

  static from(t: Tenant, secretSet: boolean): SettingsRead {
    return {
      company_name: t.companyName,
      default_token_ttl_hours: t.defaultTokenTtlHours,
      consent_required: t.consentRequired,
      consent_text_version: t.consentTextVersion,
      candidate_retention_days: t.candidateRetentionDays,
      webhook_url: t.webhookUrl,
      webhook_secret_set: secretSet,
    };
  }
}

export class UpdateSettingsDto {
  @ApiPropertyOptional({ example: 'Acme Ltd', maxLength: 200 })
  @OptionalNotNull()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  company_name?: string;

  @ApiPropertyOptional({ type: 'integer', example: 72, minimum: 1, maximum: 720 })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(720)
  default_token_ttl_hours?: number;

  @ApiPropertyOptional({ example: true })
  @OptionalNotNull()
  @IsBoolean()
  consent_required?: boolean;

  @ApiPropertyOptional({ example: 'v2', maxLength: 50 })
  @OptionalNotNull()
  @Trim()
  @IsString()
  @Matches(/^[\w.-]{1,50}$/, { message: 'consent_text_version may contain letters, digits, . _ - (1–50)' })
  consent_text_version?: string;

  @ApiPropertyOptional({ example: 365, minimum: 1, maximum: 3650, nullable: true, type: 'integer', description: 'null: keep candidates' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(3650)
  candidate_retention_days?: number | null;

  @ApiPropertyOptional({
    example: 'https://hooks.acme.example/hirevision',
    nullable: true,
    type: String,
    maxLength: 2048,
    description: 'http(s), no credentials, must not resolve to a private, loopback, link-local or metadata address; null removes it',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(2048)
  webhook_url?: string | null;
}
