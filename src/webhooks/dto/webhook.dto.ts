import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class AnalysisReadyDto {
  @ApiProperty({ example: 3, description: "The organization whose secret signed the request" })
  @IsInt()
  @Min(1)
  @Max(2147483647)
  tenant_id!: number;

  @ApiProperty({ example: 7 })
  @IsInt()
  @Min(1)
  @Max(2147483647)
  interview_id!: number;

  @ApiPropertyOptional({ example: 12, description: "Default: the interview's latest analysis" })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2147483647)
  analysis_id?: number;
}

export class WebhookSecretRead {
  @ApiProperty({ example: 'whsec_Yc3q…', description: 'Shown once. The previous secret keeps verifying for 24 hours.' })
  secret!: string;
}
