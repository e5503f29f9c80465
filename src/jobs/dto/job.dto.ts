import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { NormalizeStringList, QueryBoolean, Trim, OptionalNotNull } from '../../common/dto';
import { PageQueryDto } from '../../common/pagination/pagination';
import { Job } from '../job.entity';

export class CreateJobDto {
  @ApiProperty({ example: 'Backend Engineer', maxLength: 200 })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title!: string;

  @ApiPropertyOptional({ example: 'Build and run our hiring APIs with Node.js and PostgreSQL.', maxLength: 20000, description: 'An empty string when a job is created without it' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(20000)
  description?: string;

  @ApiPropertyOptional({ example: 'Istanbul (hybrid)', maxLength: 200, nullable: true, type: String })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  location?: string | null;

  @ApiPropertyOptional({ example: ['TypeScript', 'PostgreSQL', 'Docker'], type: [String], maxItems: 50 })
  @OptionalNotNull()
  @NormalizeStringList()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  skills?: string[];

  @ApiPropertyOptional({ example: true, description: 'true when a job is created without it' })
  @OptionalNotNull()
  @IsBoolean()
  is_active?: boolean;
}

/** Every field may be left out; required ones may not be nulled. */
export class UpdateJobDto extends PartialType(CreateJobDto, { skipNullProperties: false }) {}

export class JobListQuery extends PageQueryDto {
  @ApiPropertyOptional({ example: 'backend', description: 'Words matched (by prefix) in title and description', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ example: true, type: Boolean })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  is_active?: boolean;
}

export class JobRead {
  @ApiProperty({ type: 'integer', example: 12 }) id!: number;
  @ApiProperty({ example: 'Backend Engineer' }) title!: string;
  @ApiProperty({ example: 'Build and run our hiring APIs with Node.js and PostgreSQL.' }) description!: string;
  @ApiProperty({ example: 'Istanbul (hybrid)', nullable: true, type: String }) location!: string | null;
  @ApiProperty({ example: ['TypeScript', 'PostgreSQL'], type: [String] }) skills!: string[];
  @ApiProperty({ example: true }) is_active!: boolean;
  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' }) created_at!: string;
  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' }) updated_at!: string;

  static from(j: Job): JobRead {
    return {
      id: j.id,
      title: j.title,
      description: j.description,
      location: j.location,
      skills: j.skills,
      is_active: j.isActive,
      created_at: j.createdAt.toISOString(),
      updated_at: j.updatedAt.toISOString(),
    };
  }
}
