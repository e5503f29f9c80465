import { applyDecorators, CanActivate, createParamDecorator, ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { SignatureRule } from '../common/auth/access.decorators';
import type { AuthContext } from '../common/auth/auth-context';
import { AppException } from '../common/errors/app.exception';
import { RequestContext } from '../common/http/request-context';
import { SystemRepository } from '../database/system.repository';
import { MediaUpload } from './media-upload.entity';
import { LocalMediaStorage, SignedQuery } from './storage/local-media.storage';
import { isMediaKey, MediaStorage } from './storage/media-storage';

type UploadRequest = Request & { auth?: AuthContext; upload?: MediaUpload };

/** Express 5 hands a `*key` wildcard over as its path segments. */
export const keyOf = (req: Request): string => {
  const raw = (req.params as Record<string, string | string[]>).key;
  return Array.isArray(raw) ? raw.join('/') : (raw ?? '');
};

export const baseType = (contentType: string | undefined): string => (contentType ?? '').split(';')[0].trim().toLowerCase();

/**
 * Authenticates the dev storage's routes (they stand in for S3 when S3_BUCKET is unset): a URL signed by
 * presign-upload (its method, key, expiry and, for a PUT, content type), or for a GET a recruiter's access
 * token of the object's organization. The upload is then found by its key, the request acts for its
 * organization, and the handler gets it (`@CurrentUpload()`).
 */
@Injectable()
export class SignedUploadGuard implements CanActivate {
  constructor(
    private readonly storage: MediaStorage,
    private readonly system: SystemRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<UploadRequest>();
    // With S3 the dev storage routes do not exist.
    if (!(this.storage instanceof LocalMediaStorage)) throw AppException.notFound('Route');
    const key = keyOf(req);
    const query = req.query as SignedQuery;
    if (req.method === 'GET' && req.auth) {
      if (!isMediaKey(key) || Number(key.split('/')[0]) !== req.auth.tenantId) throw AppException.notFound('Upload');
    } else {
      const signedType = typeof query.content_type === 'string' ? baseType(query.content_type) : undefined;
      if (req.method === 'PUT' && signedType && baseType(req.headers['content-type']) !== signedType) {
        throw new AppException(415, 'UNSUPPORTED_MEDIA_TYPE', `Content-Type must be ${signedType}, as signed`);
      }
      const verdict = this.storage.verifySignature(req.method === 'PUT' ? 'PUT' : 'GET', key, query, req.method === 'PUT' ? req.headers['content-type'] : undefined);
      if (verdict === 'expired') throw AppException.forbidden('The signed URL has expired');
      if (verdict !== 'ok') throw AppException.forbidden('The signed URL is invalid');
    }
    const upload = await this.system.mediaUploadByKey(key);
    if (!upload || (req.auth && upload.tenantId !== req.auth.tenantId)) throw AppException.notFound('Upload');
    RequestContext.identify({ tenantId: upload.tenantId });
    req.upload = upload;
    return true;
  }
}

/** The route's credential is a signed dev-storage URL (or, for reads, a recruiter's token). */
export const SignedUpload = () => applyDecorators(SignatureRule(), UseGuards(SignedUploadGuard));

/** The upload SignedUploadGuard found. */
export const CurrentUpload = createParamDecorator((_: unknown, ctx: ExecutionContext): MediaUpload => {
  const upload = ctx.switchToHttp().getRequest<UploadRequest>().upload;
  if (!upload) throw AppException.notFound('Upload');
  return upload;
});
