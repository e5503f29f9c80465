import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { OptionalIdQuery } from '../../common/dto';
import { PageQueryDto } from '../../common/pagination/pagination';
import { Interview, INTERVIEW_STATUSES, type InterviewStatus } from '../interview.entity';

export class CreateInterviewDto {
  @ApiProperty({ type: 'integer', example: 41 })
  @IsInt()
  @Min(1)
  @Max(2147483647)
  candidate_id!: number;
}

export class UpdateInterviewDto {
  @ApiProperty({ enum: ['cancelled'], example: 'cancelled', description: 'The only change a recruiter makes: cancel' })
  @IsIn(['cancelled'])
  status!: 'cancelled';
}

export class InterviewListQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: INTERVIEW_STATUSES, example: 'scheduled' })
  @IsOptional()
  @IsIn(INTERVIEW_STATUSES)
  status?: InterviewStatus;

  @OptionalIdQuery(12)
  job_id?: number;

  @OptionalIdQuery(41)
  candidate_id?: number;
}

export class ConsentRecord {
  @ApiProperty({ example: '2026-11-22T10:01:00.000Z' }) given_at!: string;
  @ApiProperty({ example: '203.0.113.7' }) ip!: string;
  @ApiProperty({ example: 'v1' }) text_version!: string;
}

export class InterviewRead {
  @ApiProperty({ type: 'integer', example: 7 }) id!: number;
  @ApiProperty({ type: 'integer', example: 41 }) candidate_id!: number;
  @ApiProperty({ type: 'integer', example: 12 }) job_id!: number;
  @ApiProperty({ enum: INTERVIEW_STATUSES, example: 'scheduled', description: 'expired when the invite link expired before completion' })
  status!: InterviewStatus;
  @ApiProperty({ example: '2026-11-29T10:00:00.000Z', nullable: true, type: String, description: 'Expiry of the current invite link' })
  expires_at!: string | null;
  @ApiProperty({ example: null, nullable: true, type: String }) started_at!: string | null;
  @ApiProperty({ example: null, nullable: true, type: String }) completed_at!: string | null;
  @ApiProperty({ example: null, nullable: true, type: String }) cancelled_at!: string | null;
  @ApiProperty({ type: ConsentRecord, nullable: true, description: "The candidate's consent, when given" }) consent!: ConsentRecord | null;
  @ApiProperty({ example: null, nullable: true, type: String, description: 'When the candidate asked to talk to a person' })
  human_requested_at!: string | null;
  @ApiProperty({ enum: ['none', 'pending', 'ready', 'failed'], example: 'none', description: 'pending once the interview completes, ready when scored' })
  analysis_status!: string;
  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' }) created_at!: string;
  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' }) updated_at!: string;

  static from(i: Interview): InterviewRead {
    return {
      id: i.id,
      candidate_id: i.candidateId,
      job_id: i.jobId,
      status: i.effectiveStatus(),
      expires_at: i.expiresAt?.toISOString() ?? null,
      started_at: i.startedAt?.toISOString() ?? null,
      completed_at: i.completedAt?.toISOString() ?? null,
      cancelled_at: i.cancelledAt?.toISOString() ?? null,
      consent: i.consentAt ? { given_at: i.consentAt.toISOString(), ip: i.consentIp ?? '', text_version: i.consentTextVersion ?? '' } : null,
      human_requested_at: i.humanRequestedAt?.toISOString() ?? null,
      analysis_status: i.analysisStatus,
      created_at: i.createdAt.toISOString(),
      updated_at: i.updatedAt.toISOString(),
    };
  }
}
