import { Column, CreateDateColumn, Entity, Index } from 'typeorm';
import { InterviewOwnedEntity } from '../interviews/interview-owned.entity';

export type MediaKind = 'video' | 'audio';
/** `uploading`: a dev-storage PUT holds the URL (single use); readers see it as `presigned` until the bytes land. */
export type MediaUploadStatus = 'presigned' | 'uploading' | 'uploaded';

/** One media object of an interview: recorded when its upload URL is issued, completed when the bytes land. */
@Entity('media_uploads')
@Index(['tenantId', 'interviewId', 'id'])
@Index(['tenantId', 'candidateId'])
export class MediaUpload extends InterviewOwnedEntity {
  @Column({ type: 'int' })
  candidateId!: number;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 200 })
  key!: string;

  @Column({ type: 'varchar', length: 10 })
  kind!: MediaKind;

  @Column({ type: 'varchar', length: 100 })
  contentType!: string;

  @Column({ type: 'bigint', nullable: true, transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  sizeBytes!: number | null;

  @Column({ type: 'varchar', length: 12, default: 'presigned' })
  status!: MediaUploadStatus;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  uploadedAt!: Date | null;
}
