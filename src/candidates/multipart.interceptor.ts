import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import multer from 'multer';
import { Observable } from 'rxjs';
import { AppException } from '../common/errors/app.exception';
import { AppConfig } from '../config/app-config';

/** Multipart form overhead allowed on top of the files' own bytes when checking Content-Length. */
const FORM_OVERHEAD = 64 * 1024;

/**
 * Reads the `files` fields of a multipart request into memory within the configured limits:
 * file count and per-file size are enforced while streaming, total size by Content-Length up front
 * and by the sum afterwards (chunked requests carry no length).
 */
@Injectable()
export class BulkFilesInterceptor implements NestInterceptor {
  private readonly upload: ReturnType<ReturnType<typeof multer>['array']>;

  constructor(private readonly config: AppConfig) {
    this.upload = multer({
      storage: multer.memoryStorage(),
      limits: {
        files: config.BULK_UPLOAD_MAX_FILES,
        fileSize: config.BULK_UPLOAD_MAX_FILE_BYTES,
        fields: 10,
        fieldSize: 1024,
        parts: config.BULK_UPLOAD_MAX_FILES + 10,
      },
      defParamCharset: 'utf8',
    }).array('files');
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    if (!req.is('multipart/form-data')) {
      throw new AppException(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the files as multipart/form-data in fields named "files"');
    }
    const total = this.config.BULK_UPLOAD_MAX_TOTAL_BYTES;
    const length = Number(req.headers['content-length']);
    if (Number.isFinite(length) && length > total + FORM_OVERHEAD) throw this.tooLarge(`The upload is larger than ${total} bytes`);
    await new Promise<void>((resolve, reject) => this.upload(req, res, (err: unknown) => (err ? reject(this.translate(err)) : resolve())));
    const files = (req.files as Express.Multer.File[] | undefined) ?? [];
    if (!files.length) throw AppException.validation('No files: send one or more files in fields named "files"');
    if (files.reduce((sum, f) => sum + f.size, 0) > total) throw this.tooLarge(`The upload is larger than ${total} bytes`);
    return next.handle();
  }

  private translate(err: unknown): AppException {
    if (err instanceof multer.MulterError) {
      switch (err.code) {
        case 'LIMIT_FILE_SIZE':
          return this.tooLarge(`"${err.field ?? 'file'}" is larger than ${this.config.BULK_UPLOAD_MAX_FILE_BYTES} bytes per file`);
        case 'LIMIT_FILE_COUNT':
        case 'LIMIT_PART_COUNT':
          return this.tooLarge(`At most ${this.config.BULK_UPLOAD_MAX_FILES} files per upload`);
        case 'LIMIT_UNEXPECTED_FILE':
          return AppException.validation(`Unexpected file field "${err.field ?? ''}": use "files"`);
        default:
          return AppException.validation(`Invalid multipart form: ${err.message}`);
      }
    }
    return AppException.validation('Invalid multipart form');
  }

  private tooLarge(message: string): AppException {
    return new AppException(413, 'PAYLOAD_TOO_LARGE', message);
  }
}
