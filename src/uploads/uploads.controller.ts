import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnsupportedMediaTypeResponse } from '@nestjs/swagger';
import { ALL_ROLES, Roles } from '../common/auth/access.decorators';
import { CandidateToken, CurrentInvite, requireInvite } from '../invites/candidate-token.guard';
import type { ResolvedInvite } from '../invites/invites.service';
import { ErrorEnvelope } from '../common/errors/error-envelope';
import { RecordLatency } from '../metrics/latency.interceptor';
import { ApiIdParam, IdParam } from '../common/http/id-param';
import { ApiPage, Page, PageQueryDto } from '../common/pagination/pagination';
import { MediaUploadRead, PresignUploadDto, PresignUploadRead } from './dto/upload.dto';
import { UploadsService } from './uploads.service';

@ApiTags('uploads')
@Controller()
export class UploadsController {
  constructor(private readonly uploads: UploadsService) {}

  @Post('tokens/presign-upload')
  @CandidateToken()
  @RecordLatency('upload', 'presign')
  @HttpCode(200)
  @ApiOperation({ summary: 'A presigned URL for the candidate app to PUT one recording to (S3, or this API without S3)' })
  @ApiOkResponse({ type: PresignUploadRead })
  @ApiBadRequestResponse({ description: 'Invalid input, or INVALID_TOKEN', type: ErrorEnvelope })
  @ApiUnsupportedMediaTypeResponse({ description: 'content_type is not allowed', type: ErrorEnvelope })
  presign(@Body() dto: PresignUploadDto, @CurrentInvite() invite: ResolvedInvite | undefined): Promise<PresignUploadRead> {
    return this.uploads.presign(requireInvite(invite), dto);
  }

  @Get('interviews/:id/uploads')
  @Roles(...ALL_ROLES)
  @ApiIdParam('id', 'Interview id')
  @ApiOperation({ summary: "The interview's media uploads, oldest first, with short-lived download URLs" })
  @ApiPage(MediaUploadRead)
  @ApiNotFoundResponse({ description: 'No such interview in your organization', type: ErrorEnvelope })
  list(@IdParam() id: number, @Query() query: PageQueryDto): Promise<Page<MediaUploadRead>> {
    return this.uploads.listForInterview(id, query);
  }
}
