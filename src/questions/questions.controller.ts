import { Controller, Get } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ALL_ROLES, Roles } from '../common/auth/access.decorators';
import { ErrorEnvelope } from '../common/errors/error-envelope';
import { ApiIdParam, IdParam } from '../common/http/id-param';
import { JobsService } from '../jobs/jobs.service';
import { QuestionSetRead } from './dto/question-set.dto';
import { QuestionsService } from './questions.service';

@ApiTags('jobs')
@Controller('jobs')
export class QuestionsController {
  constructor(
    private readonly jobs: JobsService,
    private readonly questions: QuestionsService,
  ) {}

  @Get(':id/questions')
  @Roles(...ALL_ROLES)
  @ApiIdParam('id', 'Job id')
  @ApiOperation({ summary: "The job's interview questions (LLM-written with GEMINI_API_KEY, otherwise derived from the job)" })
  @ApiOkResponse({ type: QuestionSetRead })
  @ApiNotFoundResponse({ description: 'No such job in your organization', type: ErrorEnvelope })
  async get(@IdParam() id: number): Promise<QuestionSetRead> {
    const set = await this.questions.forJob(await this.jobs.require(id));
    return { job_id: id, ...set };
  }
}
