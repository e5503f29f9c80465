import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ALL_ROLES, CurrentAuth, Roles, WRITERS } from '../common/auth/access.decorators';
import type { AuthContext } from '../common/auth/auth-context';
import { ErrorEnvelope } from '../common/errors/error-envelope';
import { ApiIdParam, IdParam } from '../common/http/id-param';
import { ApiPage, Page } from '../common/pagination/pagination';
import { CreateInterviewDto, InterviewListQuery, InterviewRead, UpdateInterviewDto } from './dto/interview.dto';
import { InterviewsService } from './interviews.service';

const NOT_FOUND = { description: 'No such interview or candidate in your organization', type: ErrorEnvelope };

@ApiTags('interviews')
@ApiBadRequestResponse({ description: 'Invalid input', type: ErrorEnvelope })
@Controller('interviews')
export class InterviewsController {
  constructor(private readonly interviews: InterviewsService) {}

  @Post()
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Create an interview for a candidate (send the link with POST /candidates/{id}/send-link)' })
  @ApiCreatedResponse({ type: InterviewRead })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ description: 'The candidate already has an open interview (details.interview_id)', type: ErrorEnvelope })
  create(@CurrentAuth() auth: AuthContext, @Body() dto: CreateInterviewDto): Promise<InterviewRead> {
    return this.interviews.create(auth, dto);
  }

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'Interviews, newest first; filter by `status`, `job_id`, `candidate_id`' })
  @ApiPage(InterviewRead)
  list(@Query() query: InterviewListQuery): Promise<Page<InterviewRead>> {
    return this.interviews.list(query);
  }

  @Get(':id')
  @Roles(...ALL_ROLES)
  @ApiIdParam('id', 'Interview id')
  @ApiOperation({ summary: 'One interview' })
  @ApiOkResponse({ type: InterviewRead })
  @ApiNotFoundResponse(NOT_FOUND)
  get(@IdParam() id: number): Promise<InterviewRead> {
    return this.interviews.get(id);
  }

  @Patch(':id')
  @Roles(...WRITERS)
  @ApiIdParam('id', 'Interview id')
  @ApiOperation({ summary: 'Cancel an interview; its invite link stops working' })
  @ApiOkResponse({ type: InterviewRead })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ description: 'The interview is already completed or cancelled', type: ErrorEnvelope })
  update(@IdParam() id: number, @Body() _dto: UpdateInterviewDto): Promise<InterviewRead> {
    return this.interviews.cancel(id);
  }
}
