import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { MediaUpload } from '../media-upload.entity';

export class PresignUploadDto {
  @ApiProperty({ example: 'Yc3q…', description: "The candidate's invite token" })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  token!: string;

  @ApiProperty({ example: 'answer-3.webm', description: 'Informational only: the object key is made by the server', maxLength: 255 })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  file_name!: string;

  @ApiProperty({ example: 'video/webm', description: 'One of UPLOAD_CONTENT_TYPES (default video/webm, video/mp4, audio/webm, audio/wav, audio/mpeg, audio/ogg, audio/mp4)' })
  @IsString()
  @MinLength(3)
  @MaxLength(100)
  content_type!: string;
}

export class PresignUploadRead {
  @ApiProperty({ example: 'http://localhost:3000/dev-upload/3/7/0b6e3c1e-7f0a-4a53-9d43-2a4c1f0f1b7e.webm?expires=…&content_type=video%2Fwebm&signature=…', description: 'PUT the bytes here with the same Content-Type, before it expires' })
  presigned_url!: string;

  @ApiProperty({ example: 'http://localhost:3000/dev-upload/3/7/0b6e3c1e-7f0a-4a53-9d43-2a4c1f0f1b7e.webm', description: 'Where the object lives (reading it needs a recruiter token or a signed URL)' })
  url!: string;

  @ApiProperty({ example: '3/7/0b6e3c1e-7f0a-4a53-9d43-2a4c1f0f1b7e.webm' })
  key!: string;
}

export class DevUploadRead {
  @ApiProperty({ example: '3/7/0b6e3c1e-7f0a-4a53-9d43-2a4c1f0f1b7e.webm' }) key!: string;
  @ApiProperty({ type: 'integer', example: 1048576 }) size_bytes!: number;
}

export class MediaUploadRead {
  @ApiProperty({ type: 'integer', example: 5 }) id!: number;
  @ApiProperty({ example: '3/7/0b6e3c1e-7f0a-4a53-9d43-2a4c1f0f1b7e.webm' }) key!: string;
  @ApiProperty({ enum: ['video', 'audio'], example: 'video' }) kind!: string;
  @ApiProperty({ example: 'video/webm' }) content_type!: string;
  @ApiProperty({ example: 1048576, nullable: true, type: 'integer', description: 'null until the bytes have arrived' }) size_bytes!: number | null;
  @ApiProperty({ enum: ['presigned', 'uploaded'], example: 'uploaded' }) status!: string;
  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' }) created_at!: string;
  @ApiProperty({ example: '2026-11-22T10:00:05.000Z', nullable: true, type: String }) uploaded_at!: string | null;
  @ApiProperty({ example: 'http://localhost:3000/dev-upload/3/7/…webm?expires=…&signature=…', description: 'Short-lived download URL' })
  download_url!: string;

  static from(u: MediaUpload, downloadUrl: string): MediaUploadRead {
    return {
      id: u.id,
      key: u.key,
      kind: u.kind,
      content_type: u.contentType,
      size_bytes: u.sizeBytes,
      status: u.status === 'uploaded' ? 'uploaded' : 'presigned',
      created_at: u.createdAt.toISOString(),
      uploaded_at: u.uploadedAt?.toISOString() ?? null,
      download_url: downloadUrl,
    };
  }
}
