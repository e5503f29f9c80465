export interface PresignedPut {
  url: string;
  headers: Record<string, string>;
  expiresAt: Date;
}

/** Where interview media lives: S3 (or an S3-compatible store) in production, the local dev back end otherwise. */
export abstract class MediaStorage {
  abstract readonly backend: 's3' | 'local';

  /** URL the client PUTs the bytes to; the Content-Type must equal contentType. */
  abstract presignPut(key: string, contentType: string, expiresInSeconds: number): Promise<PresignedPut>;

  /** Short-lived URL to read the object. */
  abstract presignGet(key: string, expiresInSeconds: number): Promise<string>;

  /** Canonical (unsigned) location of the object. */
  abstract objectUrl(key: string): string;

  /** Size in bytes, or null when the object does not exist. */
  abstract stat(key: string): Promise<number | null>;

  /** Deletes the objects (missing ones are fine); returns how many were asked to be deleted. */
  abstract delete(keys: string[]): Promise<number>;
}

/** `<tenantId>/<interviewId>/<uuid>.<ext>`; keys are generated server-side, so anything else is hostile. */
export const MEDIA_KEY_PATTERN =
  /^\d{1,10}\/\d{1,10}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(webm|mp4|wav|mp3|ogg|m4a)$/;

export function isMediaKey(key: string): boolean {
  return typeof key === 'string' && MEDIA_KEY_PATTERN.test(key);
}
