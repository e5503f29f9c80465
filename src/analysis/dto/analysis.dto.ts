import { ApiProperty } from '@nestjs/swagger';
import { InterviewAnalysis } from '../interview-analysis.entity';

/** The frozen v1 contract: exactly these fields. */
export class InterviewAnalysisRead {
  @ApiProperty({ type: 'integer', example: 3 }) id!: number;
  @ApiProperty({ type: 'integer', example: 7 }) interview_id!: number;
  @ApiProperty({ example: 72.4, minimum: 0, maximum: 100 }) overall_score!: number;
  @ApiProperty({ example: 'Covered 3 of 4 required skills (TypeScript, PostgreSQL, Docker); average answer length 64 words.' }) summary!: string;
  @ApiProperty({ example: 'Specific: 9 numbers or measurable results. Team-oriented: 6 collaboration signals.' }) strengths!: string;
  @ApiProperty({ example: 'Did not mention Kafka. 11 filler words (1.7 per 100 words).' }) weaknesses!: string;
  @ApiProperty({ example: 70.1, minimum: 0, maximum: 100 }) communication_score!: number;
  @ApiProperty({ example: 78.5, minimum: 0, maximum: 100 }) technical_score!: number;
  @ApiProperty({ example: 66, minimum: 0, maximum: 100 }) cultural_fit_score!: number;
  @ApiProperty({ example: 'rule-based-v1', enum: ['rule-based-v1'] }) model_used!: string;
  @ApiProperty({ example: '2026-11-22T10:30:00.000Z' }) created_at!: string;

  static from(a: InterviewAnalysis): InterviewAnalysisRead {
    return {
      id: a.id,
      interview_id: a.interviewId,
      overall_score: a.overallScore,
      summary: a.summary,
      strengths: a.strengths,
      weaknesses: a.weaknesses,
      communication_score: a.communicationScore,
      technical_score: a.technicalScore,
      cultural_fit_score: a.culturalFitScore,
      model_used: a.modelUsed,
      created_at: a.createdAt.toISOString(),
    };
  }
}
