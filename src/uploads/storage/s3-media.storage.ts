import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ClientConfig,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { MediaStorage, PresignedPut } from './media-storage';

export interface S3StorageOptions {
  bucket: string;
  region: string;
  /** Endpoint the API itself talks to (MinIO, R2, s3rver); unset: AWS. */
  endpoint?: string;
  /** Endpoint put into presigned URLs, when browsers reach storage under another name. */
  publicEndpoint?: string;
  /** Defaults to true when an endpoint is given. */
  forcePathStyle?: boolean;
  accessKeyId?: string;
  secretAccessKey?: string;
}

/** DeleteObjects accepts at most this many keys per request. */
const DELETE_BATCH = 1000;

const trimSlash = (url: string): string => url.replace(/\/+$/, '');

export class S3MediaStorage extends MediaStorage {
  readonly backend = 's3' as const;
  private readonly bucket: string;
  private readonly region: string;
  private readonly forcePathStyle: boolean;
  private readonly endpoint?: string;
  private readonly publicEndpoint?: string;
  private readonly client: S3Client;
  private readonly presignClient: S3Client;

  constructor(options: S3StorageOptions) {
    super();
    this.bucket = options.bucket;
    this.region = options.region;
    this.endpoint = options.endpoint ? trimSlash(options.endpoint) : undefined;
    this.publicEndpoint = options.publicEndpoint ? trimSlash(options.publicEndpoint) : undefined;
    this.forcePathStyle = options.forcePathStyle ?? this.endpoint !== undefined;

    const base: S3ClientConfig = {
      region: options.region,
      forcePathStyle: this.forcePathStyle,
      // The SDK's default CRC32 checksums break S3-compatible stores (s3rver corrupts streamed bodies) and
      // would bind presigned PUTs to the checksum of an empty body.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // The SDK waits forever by default; a stalled store must fail the call (a deletion job retries it).
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
    };
    if (options.accessKeyId && options.secretAccessKey) {
      base.credentials = { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey };
    }
    this.client = new S3Client({ ...base, endpoint: this.endpoint });
    this.presignClient =
      this.publicEndpoint && this.publicEndpoint !== this.endpoint
        ? new S3Client({ ...base, endpoint: this.publicEndpoint })
        : this.client;
  }

  async presignPut(key: string, contentType: string, expiresInSeconds: number): Promise<PresignedPut> {
    const expiresAt = new Date(Date.now() + expiresInSeconds * 1000);
    const command = new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: contentType });
    // Signing content-type means a client cannot store the object under a different type than was approved.
    const url = await getSignedUrl(this.presignClient, command, {
      expiresIn: expiresInSeconds,
      signableHeaders: new Set(['content-type']),
    });
    return { url, headers: { 'Content-Type': contentType }, expiresAt };
  }

  presignGet(key: string, expiresInSeconds: number): Promise<string> {
    return getSignedUrl(this.presignClient, new GetObjectCommand({ Bucket: this.bucket, Key: key }), {
      expiresIn: expiresInSeconds,
    });
  }

  objectUrl(key: string): string {
    if (this.forcePathStyle) {
      const base = this.publicEndpoint ?? this.endpoint ?? `https://s3.${this.region}.amazonaws.com`;
      return `${base}/${this.bucket}/${key}`;
    }
    return `https://${this.bucket}.s3.${this.region}.amazonaws.com/${key}`;
  }

  async stat(key: string): Promise<number | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return head.ContentLength ?? 0;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async delete(keys: string[]): Promise<number> {
    for (let i = 0; i < keys.length; i += DELETE_BATCH) {
      const batch = keys.slice(i, i + DELETE_BATCH);
      const result = await this.client.send(
        new DeleteObjectsCommand({
          Bucket: this.bucket,
          Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }),
      );
      // DeleteObjects answers 200 even when single keys fail (e.g. access denied); missing keys never fail.
      const failed = result.Errors ?? [];
      if (failed.length > 0) {
        const first = failed[0];
        throw new Error(`S3 refused to delete ${failed.length} object(s), e.g. ${first.Key}: ${first.Code} ${first.Message ?? ''}`.trim());
      }
    }
    return keys.length;
  }
}

function isNotFound(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { name, $metadata } = err as { name?: unknown; $metadata?: { httpStatusCode?: number } };
  return $metadata?.httpStatusCode === 404 || name === 'NotFound' || name === 'NoSuchKey';
}
