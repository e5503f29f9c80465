import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ALL_ROLES, Roles, WRITERS } from '../common/auth/access.decorators';
import { ErrorEnvelope } from '../common/errors/error-envelope';
import { ApiIdParam, IdParam } from '../common/http/id-param';
import { RecordLatency } from '../metrics/latency.interceptor';
import { AnalysisService } from './analysis.service';
import { InterviewAnalysisRead } from './dto/analysis.dto';

@ApiTags('analysis')
@Controller('interviews/:id')
export class AnalysisController {
  constructor(private readonly analysis: AnalysisService) {}

  // The colon is literal (`analysis:run`), escaped for the router.
  @Post('analysis\\:run')
  @Roles(...WRITERS)
  @HttpCode(200)
  @RecordLatency('analysis', 'run')
  @ApiIdParam('id', 'Interview id')
  @ApiOperation({ summary: 'Score the interview now with rule-based-v1 and store the result in interview_analyses' })
  @ApiOkResponse({ type: InterviewAnalysisRead })
  @ApiNotFoundResponse({ description: 'No such interview in your organization', type: ErrorEnvelope })
  run(@IdParam() id: number): Promise<InterviewAnalysisRead> {
    return this.analysis.run(id);
  }

  @Get('analysis')
  @Roles(...ALL_ROLES)
  @ApiIdParam('id', 'Interview id')
  @ApiOperation({ summary: "The interview's latest analysis" })
  @ApiOkResponse({ type: InterviewAnalysisRead })
  @ApiNotFoundResponse({ description: 'No such interview, or not analysed yet', type: ErrorEnvelope })
  latest(@IdParam() id: number): Promise<InterviewAnalysisRead> {
    return this.analysis.latest(id);
  }
}
