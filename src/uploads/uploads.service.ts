import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Request } from 'express';
import { BackgroundJobs } from '../background/background-jobs';
import { ErasureService } from '../candidates/erasure.service';
import { AppException } from '../common/errors/app.exception';
import { Page, PageQueryDto } from '../common/pagination/pagination';
import { AppConfig } from '../config/app-config';
import type { InterviewStatus } from '../interviews/interview.entity';
import { InterviewsService } from '../interviews/interviews.service';
import type { ResolvedInvite } from '../invites/invites.service';
import { DevUploadRead, MediaUploadRead, PresignUploadDto, PresignUploadRead } from './dto/upload.dto';
import { MediaUpload } from './media-upload.entity';
import { MediaUploadsRepository } from './media-uploads.repository';
import { baseType } from './signed-upload.guard';
import { LocalMediaStorage, UploadTooLargeError } from './storage/local-media.storage';
import { MediaStorage } from './storage/media-storage';

/** File extension per allowed content type; the key's extension comes from here, never from the client's name. */
const EXTENSIONS: Record<string, string> = {
  'video/webm': 'webm',
  'video/mp4': 'mp4',
  'audio/webm': 'webm',
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/mpeg': 'mp3',
  'audio/ogg': 'ogg',
  'audio/mp4': 'm4a',
};

/** The background job that deletes an erased candidate's stored objects. */
const DELETE_MEDIA = 'media.delete';

interface DeleteMediaPayload {
  keys: string[];
}

const UPLOADABLE_STATUSES: readonly InterviewStatus[] = ['scheduled', 'in_progress', 'completed'];

@Injectable()
export class UploadsService implements OnModuleInit {
  private readonly logger = new Logger('Uploads');

  constructor(
    private readonly config: AppConfig,
    private readonly storage: MediaStorage,
    private readonly uploads: MediaUploadsRepository,
    private readonly interviews: InterviewsService,
    private readonly erasure: ErasureService,
    private readonly background: BackgroundJobs,
  ) {}

  /**
   * Erasing candidates deletes their stored objects through a background job written in the erasure's
   * transaction: tried as soon as the rows are gone, and retried with backoff while the storage fails,
   * until the objects are deleted (deleting is safe to repeat). The erasure reports the objects deleted
   * by then.
   */
  onModuleInit(): void {
    this.background.handle(DELETE_MEDIA, {
      // Outside the job's transaction: no connection waits on the storage.
      outside: async (job) => {
        await this.storage.delete((job.payload as unknown as DeleteMediaPayload).keys);
      },
      // Erased means erased: retried (at most every 30 minutes) until the storage answers.
      maxAttempts: Number.POSITIVE_INFINITY,
    });
    this.erasure.register({
      name: 'media objects',
      prepare: async (candidateIds: number[]) => {
        const keys = await this.uploads.keysForCandidates(candidateIds);
        if (!keys.length) return async () => 0;
        const payload: DeleteMediaPayload = { keys };
        const job = await this.background.enqueue({ kind: DELETE_MEDIA, payload: { ...payload } });
        return async () => {
          // Counted once deleted; otherwise the job keeps trying in the background.
          const done = await this.background.runNow([job]);
          return job !== null && done.includes(job) ? keys.length : 0;
        };
      },
    });
  }

  /** A URL the candidate app PUTs one recording to. The key is `<tenant>/<interview>/<uuid>.<ext>`. */
  async presign({ interview }: ResolvedInvite, dto: PresignUploadDto): Promise<PresignUploadRead> {
    const contentType = baseType(dto.content_type);
    const ext = EXTENSIONS[contentType];
    if (!ext || !this.config.uploadContentTypes.includes(contentType)) {
      throw new AppException(415, 'UNSUPPORTED_MEDIA_TYPE', `content_type must be one of: ${this.config.uploadContentTypes.join(', ')}`);
    }
    const key = `${interview.tenantId}/${interview.id}/${randomUUID()}.${ext}`;
    await this.uploads.add({
      interviewId: interview.id,
      candidateId: interview.candidateId,
      key,
      kind: contentType.startsWith('video/') ? 'video' : 'audio',
      contentType,
    });
    const put = await this.storage.presignPut(key, contentType, this.config.UPLOAD_URL_TTL_SECONDS);
    return { presigned_url: put.url, url: this.storage.objectUrl(key), key };
  }

  /** The dev fallback's PUT (SignedUploadGuard checked the URL and found the upload): stores its one object. */
  async devPut(upload: MediaUpload, req: Request): Promise<DevUploadRead> {
    const storage = this.localStorage();
    const status = (await this.interviews.require(upload.interviewId)).effectiveStatus();
    // A completed interview still takes the recording of its last answer, uploaded after the final message.
    if (!UPLOADABLE_STATUSES.includes(status)) throw AppException.conflict(`The interview is ${status}; it takes no more uploads`);
    // Like a one-time link: the URL stores one object and cannot overwrite it later, even before it expires.
    if (!(await this.uploads.claimForPut(upload.id))) throw AppException.conflict('This upload URL has already been used');
    const declared = req.headers['content-length'] ? Number(req.headers['content-length']) : undefined;
    let size: number;
    try {
      size = await storage.write(upload.key, req, declared);
    } catch (e) {
      // A failed or refused write stored nothing: the candidate app may retry the same URL.
      await this.uploads.releaseClaim(upload.id);
      if (e instanceof UploadTooLargeError) throw new AppException(413, 'PAYLOAD_TOO_LARGE', `Uploads are limited to ${e.maxBytes} bytes`);
      throw e;
    }
    await this.uploads.markUploaded(upload.id, size);
    return { key: upload.key, size_bytes: size };
  }

  /** The dev fallback's GET (SignedUploadGuard checked the signed URL or the recruiter's organization). */
  devGet(upload: MediaUpload): { stream: NodeJS.ReadableStream; size: number; contentType: string } {
    const object = this.localStorage().read(upload.key);
    if (!object) throw AppException.notFound('Upload');
    return { ...object, contentType: upload.contentType };
  }

  async listForInterview(interviewId: number, query: PageQueryDto): Promise<Page<MediaUploadRead>> {
    await this.interviews.require(interviewId);
    const [rows, total] = await this.uploads.pageForInterview(interviewId, query.offset, query.per_page);
    const items = [];
    for (const row of rows) items.push(MediaUploadRead.from(await this.refresh(row), await this.storage.presignGet(row.key, this.config.UPLOAD_URL_TTL_SECONDS)));
    return new Page(items, total, query.page, query.per_page);
  }

  /** With S3 the API does not see the PUT; a listed upload still marked presigned is checked in storage. */
  private async refresh(row: MediaUpload): Promise<MediaUpload> {
    if (row.status === 'uploaded') return row;
    try {
      const size = await this.storage.stat(row.key);
      if (size === null) return row;
      await this.uploads.markUploaded(row.id, size);
      return Object.assign(row, { status: 'uploaded', sizeBytes: size, uploadedAt: new Date() });
    } catch (e) {
      this.logger.warn({ err: e, key: row.key }, 'could not check an upload in storage');
      return row;
    }
  }

  private localStorage(): LocalMediaStorage {
    if (!(this.storage instanceof LocalMediaStorage)) throw AppException.notFound('Route');
    return this.storage;
  }
}
