import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Req, StreamableFile, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { ALL_ROLES, HotRead, Roles, WRITERS } from '../common/auth/access.decorators';
import { ErrorEnvelope } from '../common/errors/error-envelope';
import { ApiIdParam, IdParam } from '../common/http/id-param';
import { ApiPage, Page } from '../common/pagination/pagination';
import { BulkUploadService } from './bulk-upload.service';
import { CandidatesService } from './candidates.service';
import { AllCandidatesQuery, BulkUploadBody, BulkUploadReport, CandidateListQuery, CandidateRead, CreateCandidateDto, UpdateCandidateDto } from './dto/candidate.dto';
import { BulkFilesInterceptor } from './multipart.interceptor';

const NOT_FOUND = { description: 'No such job or candidate in your organization', type: ErrorEnvelope };

@ApiTags('candidates')
@ApiBadRequestResponse({ description: 'Invalid input', type: ErrorEnvelope })
@Controller()
export class CandidatesController {
  constructor(
    private readonly candidates: CandidatesService,
    private readonly bulk: BulkUploadService,
  ) {}

  @Post('jobs/:id/candidates')
  @Roles(...WRITERS)
  @ApiIdParam('id', 'Job id')
  @ApiOperation({ summary: 'Add a candidate to a job' })
  @ApiCreatedResponse({ type: CandidateRead })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ description: 'The e-mail already applied to this job', type: ErrorEnvelope })
  create(@IdParam() jobId: number, @Body() dto: CreateCandidateDto): Promise<CandidateRead> {
    return this.candidates.create(jobId, dto);
  }

  @Get('jobs/:id/candidates')
  @Roles(...ALL_ROLES)
  @HotRead()
  @ApiIdParam('id', 'Job id')
  @ApiOperation({ summary: "A job's candidates, newest first; search with `q`, filter with `status`" })
  @ApiPage(CandidateRead)
  @ApiNotFoundResponse(NOT_FOUND)
  listForJob(@IdParam() jobId: number, @Query() query: CandidateListQuery): Promise<Page<CandidateRead>> {
    return this.candidates.listForJob(jobId, query);
  }

  @Get('jobs/:id/candidates/export')
  @Roles(...ALL_ROLES)
  @ApiIdParam('id', 'Job id')
  @ApiOperation({ summary: "A job's candidates as CSV (header row; formula-like cells are prefixed with ')" })
  @ApiOkResponse({
    description: 'CSV, UTF-8 with BOM',
    content: { 'text/csv': { schema: { type: 'string', example: 'id,name,email,phone,status,skills,years_experience,created_at' } } },
  })
  @ApiNotFoundResponse(NOT_FOUND)
  async export(@IdParam() jobId: number): Promise<StreamableFile> {
    const stream = await this.candidates.exportCsv(jobId);
    return new StreamableFile(stream, { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="job-${jobId}-candidates.csv"` });
  }

  @Post('jobs/:id/candidates/bulk-upload')
  @Roles(...WRITERS)
  @HttpCode(200)
  @UseInterceptors(BulkFilesInterceptor)
  @ApiIdParam('id', 'Job id')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: BulkUploadBody })
  @ApiOperation({ summary: 'Create candidates from résumés (PDF, DOCX, TXT) or a CSV of name,email,phone; a report per file' })
  @ApiOkResponse({ type: BulkUploadReport })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiPayloadTooLargeResponse({ description: 'Too many files, a file too large, or the upload too large', type: ErrorEnvelope })
  @ApiUnsupportedMediaTypeResponse({ description: 'Not multipart/form-data', type: ErrorEnvelope })
  bulkUpload(@IdParam() jobId: number, @Req() req: Request): Promise<BulkUploadReport> {
    return this.bulk.upload(jobId, (req.files as Express.Multer.File[]) ?? []);
  }

  @Get('candidates')
  @Roles(...ALL_ROLES)
  @HotRead()
  @ApiOperation({ summary: 'Candidates across jobs, newest first; search with `q`, filter with `status` and `job_id`' })
  @ApiPage(CandidateRead)
  list(@Query() query: AllCandidatesQuery): Promise<Page<CandidateRead>> {
    return this.candidates.list(query);
  }

  @Get('candidates/:id')
  @Roles(...ALL_ROLES)
  @ApiIdParam('id', 'Candidate id')
  @ApiOperation({ summary: 'One candidate' })
  @ApiOkResponse({ type: CandidateRead })
  @ApiNotFoundResponse(NOT_FOUND)
  get(@IdParam() id: number): Promise<CandidateRead> {
    return this.candidates.get(id);
  }

  @Patch('candidates/:id')
  @Roles(...WRITERS)
  @ApiIdParam('id', 'Candidate id')
  @ApiOperation({ summary: 'Change a candidate' })
  @ApiOkResponse({ type: CandidateRead })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ description: 'The e-mail already applied to this job', type: ErrorEnvelope })
  update(@IdParam() id: number, @Body() dto: UpdateCandidateDto): Promise<CandidateRead> {
    return this.candidates.update(id, dto);
  }

  @Delete('candidates/:id')
  @Roles(...WRITERS)
  @HttpCode(204)
  @ApiIdParam('id', 'Candidate id')
  @ApiOperation({ summary: 'Erase a candidate and everything about them (interviews, links, messages, e-mails, media)' })
  @ApiNoContentResponse({ description: 'Erased' })
  @ApiNotFoundResponse(NOT_FOUND)
  remove(@IdParam() id: number): Promise<void> {
    return this.candidates.remove(id);
  }
}
