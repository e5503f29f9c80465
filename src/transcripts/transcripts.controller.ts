import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ALL_ROLES, Roles, WRITERS } from '../common/auth/access.decorators';
import { ErrorEnvelope } from '../common/errors/error-envelope';
import { ApiIdParam, IdParam } from '../common/http/id-param';
import { SaveTranscriptDto, TranscriptRead, TranscriptSaved } from './dto/transcript.dto';
import { TranscriptsService } from './transcripts.service';

@ApiTags('transcripts')
@Controller('interviews/:id/transcript')
export class TranscriptsController {
  constructor(private readonly transcripts: TranscriptsService) {}

  @Post()
  @Roles(...WRITERS)
  @HttpCode(200)
  @ApiIdParam('id', 'Interview id')
  @ApiOperation({ summary: "Store the interview's transcript (replaces a previous one)" })
  @ApiOkResponse({ type: TranscriptSaved })
  @ApiBadRequestResponse({ description: 'Invalid input (provider must be manual; at most 200000 characters)', type: ErrorEnvelope })
  @ApiNotFoundResponse({ description: 'No such interview in your organization', type: ErrorEnvelope })
  save(@IdParam() id: number, @Body() dto: SaveTranscriptDto): Promise<TranscriptSaved> {
    return this.transcripts.save(id, dto);
  }

  @Get()
  @Roles(...ALL_ROLES)
  @ApiIdParam('id', 'Interview id')
  @ApiOperation({ summary: "The interview's transcript" })
  @ApiOkResponse({ type: TranscriptRead })
  @ApiNotFoundResponse({ description: 'No such interview, or no transcript yet', type: ErrorEnvelope })
  get(@IdParam() id: number): Promise<TranscriptRead> {
    return this.transcripts.get(id);
  }
}
