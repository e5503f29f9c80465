import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { OptionalNotNull } from '../../common/dto';

export class AnalysisReadyDto {
  @ApiProperty({ type: 'integer', example: 3, description: "The organization whose secret signed the request" })
  @IsInt()
  @Min(1)
  @Max(2147483647)
  tenant_id!: number;

  @ApiProperty({ type: 'integer', example: 7 })
  @IsInt()
  @Min(1)
  @Max(2147483647)
  interview_id!: number;

  @ApiPropertyOptional({ type: 'integer', example: 12, description: "Default: the interview's latest analysis" })
  // Left out: the latest analysis. null is not "left out" and must not reach the query as a NULL id.
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(2147483647)
  analysis_id?: number;
}
