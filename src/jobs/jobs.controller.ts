import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ALL_ROLES, Roles, WRITERS } from '../common/auth/access.decorators';
import { ErrorEnvelope } from '../common/errors/error-envelope';
import { ApiIdParam, IdParam } from '../common/http/id-param';
import { ApiPage, Page } from '../common/pagination/pagination';
import { CreateJobDto, JobListQuery, JobRead, UpdateJobDto } from './dto/job.dto';
import { JobsService } from './jobs.service';

@ApiTags('jobs')
@ApiBadRequestResponse({ description: 'Invalid input', type: ErrorEnvelope })
@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Post()
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Publish a job' })
  @ApiCreatedResponse({ type: JobRead })
  create(@Body() dto: CreateJobDto): Promise<JobRead> {
    return this.jobs.create(dto);
  }

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'Jobs of the organization, newest first; search with `q`, filter with `is_active`' })
  @ApiPage(JobRead)
  list(@Query() query: JobListQuery): Promise<Page<JobRead>> {
    return this.jobs.list(query);
  }

  @Get(':id')
  @Roles(...ALL_ROLES)
  @ApiIdParam('id', 'Job id')
  @ApiOperation({ summary: 'One job' })
  @ApiOkResponse({ type: JobRead })
  @ApiNotFoundResponse({ description: 'No such job in your organization', type: ErrorEnvelope })
  get(@IdParam() id: number): Promise<JobRead> {
    return this.jobs.get(id);
  }

  @Patch(':id')
  @Roles(...WRITERS)
  @ApiIdParam('id', 'Job id')
  @ApiOperation({ summary: 'Change a job' })
  @ApiOkResponse({ type: JobRead })
  @ApiNotFoundResponse({ description: 'No such job in your organization', type: ErrorEnvelope })
  update(@IdParam() id: number, @Body() dto: UpdateJobDto): Promise<JobRead> {
    return this.jobs.update(id, dto);
  }

  @Delete(':id')
  @Roles(...WRITERS)
  @HttpCode(204)
  @ApiIdParam('id', 'Job id')
  @ApiOperation({ summary: 'Delete a job and erase its candidates with everything about them' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: 'No such job in your organization', type: ErrorEnvelope })
  remove(@IdParam() id: number): Promise<void> {
    return this.jobs.remove(id);
  }
}
