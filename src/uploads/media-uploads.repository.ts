import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { MediaUpload } from './media-upload.entity';

@Injectable()
export class MediaUploadsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private repo(manager: EntityManager = this.db.manager) {
    return manager.getRepository(MediaUpload);
  }

  add(fields: Pick<MediaUpload, 'tenantId' | 'interviewId' | 'candidateId' | 'key' | 'kind' | 'contentType'>): Promise<MediaUpload> {
    return this.repo().save(this.repo().create({ ...fields, status: 'presigned', sizeBytes: null, uploadedAt: null }));
  }

  /** By key alone: the dev upload endpoint is reached through a signed URL, not a tenant session. */
  findByKey(key: string): Promise<MediaUpload | null> {
    return this.repo().findOneBy({ key });
  }

  pageForInterview(tenantId: number, interviewId: number, offset: number, limit: number): Promise<[MediaUpload[], number]> {
    return this.repo().findAndCount({ where: { tenantId, interviewId }, order: { id: 'ASC' }, skip: offset, take: limit });
  }

  /** Takes the upload's single PUT: true for exactly one caller, until `releaseClaim` (a failed write) gives it back. */
  async claimForPut(id: number): Promise<boolean> {
    const result = await this.repo().update({ id, status: 'presigned' }, { status: 'uploading' });
    return result.affected === 1;
  }

  async releaseClaim(id: number): Promise<void> {
    await this.repo().update({ id, status: 'uploading' }, { status: 'presigned' });
  }

  async markUploaded(id: number, sizeBytes: number): Promise<void> {
    await this.repo().update({ id }, { status: 'uploaded', sizeBytes, uploadedAt: new Date() });
  }

  async keysForCandidates(manager: EntityManager, tenantId: number, candidateIds: number[]): Promise<string[]> {
    const rows = await this.repo(manager).find({ where: { tenantId, candidateId: In(candidateIds) }, select: { key: true } });
    return rows.map((r) => r.key);
  }
}
