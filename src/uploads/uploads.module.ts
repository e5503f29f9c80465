import { DynamicModule, Module } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { resolve } from 'node:path';
import { CandidatesModule } from '../candidates/candidates.module';
import { AppConfig } from '../config/app-config';
import { InterviewsModule } from '../interviews/interviews.module';
import { InvitesModule } from '../invites/invites.module';
import { DevUploadController } from './dev-upload.controller';
import { MediaUploadsRepository } from './media-uploads.repository';
import { LocalMediaStorage } from './storage/local-media.storage';
import { MediaStorage } from './storage/media-storage';
import { UploadsController } from './uploads.controller';
import { UploadsService } from './uploads.service';

/**
 * The AWS SDK is loaded only when S3 is configured: it holds about 2.5 MB of the API's live V8 heap, and the
 * heap's room to grow with it, in a process that stores uploads on disk.
 */
function storageFor(config: AppConfig): MediaStorage {
  if (config.S3_BUCKET) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when S3 is configured
    const { S3MediaStorage } = require('./storage/s3-media.storage') as typeof import('./storage/s3-media.storage');
    return new S3MediaStorage({
      bucket: config.S3_BUCKET,
      region: config.S3_REGION,
      endpoint: config.S3_ENDPOINT,
      publicEndpoint: config.S3_PUBLIC_ENDPOINT,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
    });
  }
  return new LocalMediaStorage({
    rootDir: resolve(config.DATA_DIR, 'uploads'),
    publicUrl: config.PUBLIC_URL.replace(/\/$/, ''),
    // A key of its own, derived so that a leaked upload URL says nothing about the JWT secret.
    secret: createHmac('sha256', config.JWT_SECRET).update('hirevision/dev-upload').digest('hex'),
    maxBytes: config.UPLOAD_MAX_BYTES,
  });
}

@Module({})
export class UploadsModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: UploadsModule,
      // The dev upload endpoint exists only when S3 is not configured.
      controllers: config.S3_BUCKET ? [UploadsController] : [UploadsController, DevUploadController],
      providers: [UploadsService, MediaUploadsRepository, { provide: MediaStorage, useValue: storageFor(config) }],
      imports: [InterviewsModule, CandidatesModule, InvitesModule],
      exports: [UploadsService],
    };
  }
}
