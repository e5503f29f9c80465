import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';

export const MAX_TRANSCRIPT_LENGTH = 200_000;

export class SaveTranscriptDto {
  @ApiProperty({ example: 'Interviewer: Tell us about… Candidate: At my last job…', maxLength: MAX_TRANSCRIPT_LENGTH })
  @IsString()
  @MaxLength(MAX_TRANSCRIPT_LENGTH)
  text!: string;

  @ApiProperty({ enum: ['manual'], example: 'manual' })
  @IsIn(['manual'])
  provider!: 'manual';
}

export class TranscriptSaved {
  @ApiProperty({ type: 'integer', example: 7 }) interview_id!: number;
  @ApiProperty({ type: 'integer', example: 5120, description: 'Characters stored' }) length!: number;
}

export class TranscriptRead {
  @ApiProperty({ type: 'integer', example: 7 }) interview_id!: number;
  @ApiProperty({ example: 'Interviewer: Tell us about… Candidate: At my last job…' }) text!: string;
}
