import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsEmailAddress, NormalizeEmail, NormalizeStringList, OptionalIdQuery, Trim, OptionalNotNull } from '../../common/dto';
import { PageQueryDto } from '../../common/pagination/pagination';
import { Candidate, CANDIDATE_STATUSES, type CandidateStatus } from '../candidate.entity';

export class CreateCandidateDto {
  @ApiProperty({ example: 'Ada Lovelace', maxLength: 200 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: 'ada@example.com', maxLength: 254 })
  @NormalizeEmail()
  @IsEmailAddress()
  @MaxLength(254)
  email!: string;

  @ApiPropertyOptional({ example: '+90 532 123 45 67', maxLength: 50, nullable: true, type: String })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(50)
  @Matches(/^\+?[\d\s().-]{5,}$/, { message: 'phone may contain digits, spaces, ( ) . - and a leading +' })
  phone?: string | null;

  @ApiPropertyOptional({ example: 'Ada Lovelace — analyst and programmer…', maxLength: 100000, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(100000)
  resume_text?: string | null;

  @ApiPropertyOptional({ example: ['TypeScript', 'PostgreSQL'], type: [String], maxItems: 100 })
  @OptionalNotNull()
  @NormalizeStringList()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  skills?: string[];

  @ApiPropertyOptional({ example: 6, minimum: 0, maximum: 80, nullable: true, type: 'integer' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(80)
  years_experience?: number | null;
}

/** Every field may be left out; required ones may not be nulled. */
export class UpdateCandidateDto extends PartialType(CreateCandidateDto, { skipNullProperties: false }) {}

export class CandidateListQuery extends PageQueryDto {
  @ApiPropertyOptional({ example: 'ada', description: 'Words matched (by prefix) in name and e-mail', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: CANDIDATE_STATUSES, example: 'invited' })
  @IsOptional()
  @IsIn(CANDIDATE_STATUSES)
  status?: CandidateStatus;
}

export class AllCandidatesQuery extends CandidateListQuery {
  @OptionalIdQuery(3, 'Only candidates of this job')
  job_id?: number;
}

export class CandidateRead {
  @ApiProperty({ type: 'integer', example: 41 }) id!: number;
  @ApiProperty({ type: 'integer', example: 12 }) job_id!: number;
  @ApiProperty({ example: 'Ada Lovelace' }) name!: string;
  @ApiProperty({ example: 'ada@example.com' }) email!: string;
  @ApiProperty({ example: '+90 532 123 45 67', nullable: true, type: String }) phone!: string | null;
  @ApiProperty({ example: 'Ada Lovelace — analyst and programmer…', nullable: true, type: String }) resume_text!: string | null;
  @ApiProperty({ example: ['TypeScript', 'PostgreSQL'], type: [String] }) skills!: string[];
  @ApiProperty({ example: 6, nullable: true, type: 'integer' }) years_experience!: number | null;
  @ApiProperty({ enum: CANDIDATE_STATUSES, example: 'new' }) status!: CandidateStatus;
  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' }) created_at!: string;
  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' }) updated_at!: string;

  static from(c: Candidate): CandidateRead {
    return {
      id: c.id,
      job_id: c.jobId,
      name: c.name,
      email: c.email,
      phone: c.phone,
      resume_text: c.resumeText,
      skills: c.skills,
      years_experience: c.yearsExperience,
      status: c.status,
      created_at: c.createdAt.toISOString(),
      updated_at: c.updatedAt.toISOString(),
    };
  }
}

export class BulkUploadError {
  @ApiProperty({ example: 'MISSING_EMAIL', description: 'EMPTY_FILE, UNSUPPORTED_MEDIA_TYPE, UNREADABLE_FILE, INVALID_CSV, MISSING_EMAIL, CONFLICT' })
  code!: string;
  @ApiProperty({ example: 'No e-mail address found in the document' }) message!: string;
}

export class BulkUploadItem {
  @ApiProperty({ example: 'ada-lovelace.pdf', description: 'For CSV rows: "<file>#row<n>"' }) file_name!: string;
  @ApiProperty({ enum: ['created', 'duplicate', 'failed'], example: 'created' }) status!: 'created' | 'duplicate' | 'failed';
  @ApiPropertyOptional({ type: 'integer', example: 41, description: 'The new candidate, or the existing one for a duplicate' }) candidate_id?: number;
  @ApiPropertyOptional({ type: BulkUploadError }) error?: BulkUploadError;
}

export class BulkUploadReport {
  @ApiProperty({ type: 'integer', example: 3 }) total!: number;
  @ApiProperty({ type: 'integer', example: 1 }) created!: number;
  @ApiProperty({ type: 'integer', example: 1 }) duplicates!: number;
  @ApiProperty({ type: 'integer', example: 1 }) failed!: number;
  @ApiProperty({ type: [BulkUploadItem] }) items!: BulkUploadItem[];
}

export class BulkUploadBody {
  @ApiProperty({ type: 'array', items: { type: 'string', format: 'binary' }, description: 'PDF, DOCX or TXT résumés, or a CSV of name,email,phone', example: ['cv.pdf'] })
  files!: unknown[];
}
