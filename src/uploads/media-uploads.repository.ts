import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { TenantRepository } from '../database/tenant-repository';
import { MediaUpload } from './media-upload.entity';

/** The organization's uploads (a signed URL's upload is found by its key through SystemRepository). */
@Injectable()
export class MediaUploadsRepository extends TenantRepository {
  add(fields: Pick<MediaUpload, 'interviewId' | 'candidateId' | 'key' | 'kind' | 'contentType'>): Promise<MediaUpload> {
    return this.with(MediaUpload, (r) => r.save(r.create({ ...fields, tenantId: this.tenantId, status: 'presigned', sizeBytes: null, uploadedAt: null })));
  }

  pageForInterview(interviewId: number, offset: number, limit: number): Promise<[MediaUpload[], number]> {
    return this.with(MediaUpload, (r) => r.findAndCount({ where: { tenantId: this.tenantId, interviewId }, order: { id: 'ASC' }, skip: offset, take: limit }));
  }

  /** Takes the upload's single PUT: true for exactly one caller, until `releaseClaim` (a failed write) gives it back. */
  async claimForPut(id: number): Promise<boolean> {
    const result = await this.with(MediaUpload, (r) => r.update({ tenantId: this.tenantId, id, status: 'presigned' }, { status: 'uploading' }));
    return result.affected === 1;
  }

  async releaseClaim(id: number): Promise<void> {
    await this.with(MediaUpload, (r) => r.update({ tenantId: this.tenantId, id, status: 'uploading' }, { status: 'presigned' }));
  }

  async markUploaded(id: number, sizeBytes: number): Promise<void> {
    await this.with(MediaUpload, (r) => r.update({ tenantId: this.tenantId, id }, { status: 'uploaded', sizeBytes, uploadedAt: new Date() }));
  }

  async keysForCandidates(candidateIds: number[]): Promise<string[]> {
    const rows = await this.with(MediaUpload, (r) => r.find({ where: { tenantId: this.tenantId, candidateId: In(candidateIds) }, select: { key: true } }));
    return rows.map((r) => r.key);
  }
}
