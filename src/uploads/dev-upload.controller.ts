import { Controller, Get, Put, Req, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiQuery,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Readable } from 'node:stream';
import type { Request, Response } from 'express';
import { ErrorEnvelope } from '../common/errors/error-envelope';
import { RecordLatency } from '../metrics/latency.interceptor';
import { DevUploadRead } from './dto/upload.dto';
import { MediaUpload } from './media-upload.entity';
import { CurrentUpload, SignedUpload } from './signed-upload.guard';
import { UploadsService } from './uploads.service';

/** Media bodies: UPLOAD_CONTENT_TYPES may name only video and audio types. */
const MEDIA = ['video/*', 'audio/*'];
const BYTES = { type: 'string', format: 'binary' } as const;
const KEY_PARAM = ApiParam({ name: 'key', type: String, example: '3/7/0b6e3c1e-7f0a-4a53-9d43-2a4c1f0f1b7e.webm', description: 'The object key from presign-upload (it holds slashes)' });

/** Stands in for S3 when S3_BUCKET is unset: the URLs from presign-upload point here. */
@ApiTags('uploads')
@Controller('dev-upload')
export class DevUploadController {
  constructor(private readonly uploads: UploadsService) {}

  @Put('*key')
  @SignedUpload()
  @RecordLatency('upload', 'dev-upload')
  @ApiOperation({ summary: 'Receive the bytes of a presigned upload (dev storage; streamed to DATA_DIR)' })
  @KEY_PARAM
  @ApiQuery({ name: 'expires', type: 'integer', example: 1795313000 })
  @ApiQuery({ name: 'content_type', type: String, example: 'video/webm' })
  @ApiQuery({ name: 'signature', type: String, example: '5f2c…' })
  @ApiConsumes(...MEDIA)
  @ApiBody({ description: 'The bytes, sent with the signed Content-Type', schema: BYTES })
  @ApiOkResponse({ type: DevUploadRead })
  @ApiForbiddenResponse({ description: 'Signature invalid or expired', type: ErrorEnvelope })
  @ApiUnsupportedMediaTypeResponse({ description: 'Content-Type differs from the signed one', type: ErrorEnvelope })
  @ApiPayloadTooLargeResponse({ description: 'Larger than UPLOAD_MAX_BYTES', type: ErrorEnvelope })
  @ApiNotFoundResponse({ description: 'S3_BUCKET is set: the dev storage routes do not exist', type: ErrorEnvelope })
  @ApiConflictResponse({ description: 'The URL was already used (each is good for one object), or the interview is cancelled, abandoned or expired', type: ErrorEnvelope })
  put(@Req() req: Request, @CurrentUpload() upload: MediaUpload): Promise<DevUploadRead> {
    return this.uploads.devPut(upload, req);
  }

  @Get('*key')
  @SignedUpload()
  @ApiOperation({ summary: 'Read an uploaded object (dev storage): a signed URL, or a recruiter token of its organization' })
  @KEY_PARAM
  @ApiQuery({ name: 'expires', type: 'integer', required: false, example: 1795313000, description: 'With signature: a signed URL from presign-upload' })
  @ApiQuery({ name: 'signature', type: String, required: false, example: '5f2c…' })
  @ApiOkResponse({ description: 'The bytes, with their stored Content-Type', content: Object.fromEntries(MEDIA.map((m) => [m, { schema: BYTES }])) })
  @ApiForbiddenResponse({ description: 'Signature invalid or expired', type: ErrorEnvelope })
  @ApiNotFoundResponse({ description: 'No such object, or S3_BUCKET is set (the dev storage routes do not exist)', type: ErrorEnvelope })
  async get(@Res({ passthrough: true }) res: Response, @CurrentUpload() upload: MediaUpload): Promise<StreamableFile> {
    const object = this.uploads.devGet(upload);
    // The signature or token is the access check: the recruiter app on its own origin may play it in <audio>/<video>.
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    return new StreamableFile(object.stream as Readable, { type: object.contentType, length: object.size });
  }
}
