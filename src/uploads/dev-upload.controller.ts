import { Controller, Get, Put, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiPayloadTooLargeResponse, ApiProduces, ApiQuery, ApiTags, ApiUnsupportedMediaTypeResponse } from '@nestjs/swagger';
import type { Readable } from 'node:stream';
import type { Request } from 'express';
import { OptionalAuth, Signature } from '../common/auth/access.decorators';
import type { AuthContext } from '../common/auth/auth-context';
import { ErrorEnvelope } from '../common/errors/error-envelope';
import { RecordLatency } from '../metrics/latency.interceptor';
import { DevUploadRead } from './dto/upload.dto';
import type { SignedQuery } from './storage/local-media.storage';
import { UploadsService } from './uploads.service';

/** Express 5 hands a `*key` wildcard over as its path segments. */
const keyOf = (req: Request): string => {
  const raw = (req.params as Record<string, string | string[]>).key;
  return Array.isArray(raw) ? raw.join('/') : (raw ?? '');
};

/** Stands in for S3 when S3_BUCKET is unset: the URLs from presign-upload point here. */
@ApiTags('uploads')
@Controller('dev-upload')
export class DevUploadController {
  constructor(private readonly uploads: UploadsService) {}

  @Put('*key')
  @Signature()
  @RecordLatency('upload', 'dev-upload')
  @ApiOperation({ summary: 'Receive the bytes of a presigned upload (dev storage; streamed to DATA_DIR)' })
  @ApiParam({ name: 'key', type: String, example: '3/7/0b6e3c1e-7f0a-4a53-9d43-2a4c1f0f1b7e.webm' })
  @ApiQuery({ name: 'expires', type: Number, example: 1795313000 })
  @ApiQuery({ name: 'content_type', type: String, example: 'video/webm' })
  @ApiQuery({ name: 'signature', type: String, example: '5f2c…' })
  @ApiOkResponse({ type: DevUploadRead })
  @ApiForbiddenResponse({ description: 'Signature invalid or expired', type: ErrorEnvelope })
  @ApiUnsupportedMediaTypeResponse({ description: 'Content-Type differs from the signed one', type: ErrorEnvelope })
  @ApiPayloadTooLargeResponse({ description: 'Larger than UPLOAD_MAX_BYTES', type: ErrorEnvelope })
  @ApiConflictResponse({ description: 'The URL was already used (each is good for one object), or the interview is cancelled, abandoned or expired', type: ErrorEnvelope })
  put(@Req() req: Request, @Query() query: SignedQuery): Promise<DevUploadRead> {
    return this.uploads.devPut(keyOf(req), query, req);
  }

  @Get('*key')
  @Signature()
  @ApiOperation({ summary: 'Read an uploaded object (dev storage): a signed URL, or a recruiter token of its organization' })
  @ApiParam({ name: 'key', type: String, example: '3/7/0b6e3c1e-7f0a-4a53-9d43-2a4c1f0f1b7e.webm' })
  @ApiProduces('video/webm', 'audio/webm', 'video/mp4', 'audio/mpeg', 'audio/wav', 'audio/ogg', 'audio/mp4')
  @ApiOkResponse({ description: 'The bytes', schema: { type: 'string', format: 'binary', example: '' } })
  @ApiForbiddenResponse({ description: 'Signature invalid or expired', type: ErrorEnvelope })
  @ApiNotFoundResponse({ description: 'No such object', type: ErrorEnvelope })
  async get(@Req() req: Request, @Query() query: SignedQuery, @OptionalAuth() auth: AuthContext | undefined): Promise<StreamableFile> {
    const object = await this.uploads.devGet(keyOf(req), query, auth);
    return new StreamableFile(object.stream as Readable, { type: object.contentType, length: object.size });
  }
}
