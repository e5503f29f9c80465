import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { closeSync, createReadStream, fstatSync, openSync } from 'node:fs';
import { FileHandle, mkdir, open, rename, rm, rmdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isMediaKey, MediaStorage, PresignedPut } from './media-storage';

export interface LocalStorageOptions {
  /** Directory the objects are stored under. */
  rootDir: string;
  /** Public base URL of this API; presigned URLs point at its `/dev-upload/{key}` route. */
  publicUrl: string;
  /** HMAC key for presigned URLs. */
  secret: string;
  /** Largest accepted upload, in bytes. */
  maxBytes: number;
}

export type SignatureCheck = 'ok' | 'invalid' | 'expired';

export interface SignedQuery {
  expires?: unknown;
  content_type?: unknown;
  signature?: unknown;
}

export class UploadTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`Upload exceeds the limit of ${maxBytes} bytes`);
    this.name = 'UploadTooLargeError';
  }
}

// Structural on purpose: errors from node:fs are not always `instanceof Error` across realms (e.g. under Jest).
const errorCode = (err: unknown): string | undefined =>
  typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;

/** `video/webm; codecs=vp9` and `Video/WebM` both mean `video/webm`. */
const mediaType = (contentType: string): string => contentType.split(';')[0].trim().toLowerCase();

/**
 * Dev back end: presigned URLs point at this API's own `PUT /dev-upload/{key}` route, signed with an HMAC
 * over method, key, expiry and (for PUT) content type, and files live under `rootDir`.
 */
export class LocalMediaStorage extends MediaStorage {
  readonly backend = 'local' as const;
  private readonly rootDir: string;
  private readonly publicUrl: string;
  private readonly secret: string;
  readonly maxBytes: number;

  constructor(options: LocalStorageOptions) {
    super();
    this.rootDir = path.resolve(options.rootDir);
    this.publicUrl = options.publicUrl.replace(/\/+$/, '');
    this.secret = options.secret;
    this.maxBytes = options.maxBytes;
  }

  async presignPut(key: string, contentType: string, expiresInSeconds: number): Promise<PresignedPut> {
    this.assertKey(key);
    const expires = Math.floor(Date.now() / 1000) + expiresInSeconds;
    const signature = this.sign('PUT', key, String(expires), contentType);
    const url =
      `${this.objectUrl(key)}?expires=${expires}` +
      `&content_type=${encodeURIComponent(contentType)}&signature=${signature}`;
    return { url, headers: { 'Content-Type': contentType }, expiresAt: new Date(expires * 1000) };
  }

  async presignGet(key: string, expiresInSeconds: number): Promise<string> {
    this.assertKey(key);
    const expires = Math.floor(Date.now() / 1000) + expiresInSeconds;
    return `${this.objectUrl(key)}?expires=${expires}&signature=${this.sign('GET', key, String(expires), '')}`;
  }

  objectUrl(key: string): string {
    return `${this.publicUrl}/dev-upload/${key}`;
  }

  verifySignature(
    method: 'PUT' | 'GET',
    key: string,
    query: SignedQuery,
    contentTypeHeader?: string,
    now = new Date(),
  ): SignatureCheck {
    if (!isMediaKey(key)) return 'invalid';
    const { expires, signature } = query;
    if (typeof expires !== 'string' || !/^\d{1,12}$/.test(expires)) return 'invalid';
    if (typeof signature !== 'string' || !/^[0-9a-f]{64}$/i.test(signature)) return 'invalid';
    let signedType = '';
    if (method === 'PUT') {
      if (typeof query.content_type !== 'string' || query.content_type === '') return 'invalid';
      signedType = query.content_type;
    }
    const expected = Buffer.from(this.sign(method, key, expires, signedType), 'hex');
    if (!timingSafeEqual(Buffer.from(signature, 'hex'), expected)) return 'invalid';
    // Only now may the caller learn anything else, so a forged URL cannot probe expiry or types.
    if (method === 'PUT' && (contentTypeHeader === undefined || mediaType(contentTypeHeader) !== mediaType(signedType))) {
      return 'invalid';
    }
    if (Number(expires) * 1000 < now.getTime()) return 'expired';
    return 'ok';
  }

  /** Streams `body` into place (temp file + rename, so readers never see a partial object); returns the byte count. */
  async write(key: string, body: NodeJS.ReadableStream, declaredLength?: number): Promise<number> {
    const target = this.resolve(key);
    const maxBytes = this.maxBytes;
    if (declaredLength !== undefined && declaredLength > maxBytes) throw new UploadTooLargeError(maxBytes);

    const temp = `${target}.${randomUUID()}.part`;
    // The body may fail (client abort) while the file is being opened; without a listener that would be an
    // unhandled 'error' event. pipeline() still sees the stream's error state and rejects with it.
    const ignoreEarlyError = (): void => undefined;
    body.on('error', ignoreEarlyError);
    let handle: FileHandle;
    try {
      // Opening before the pipeline starts means the temp file exists by the time cleanup might need to remove it.
      handle = await this.openTemp(temp);
    } catch (err) {
      body.removeListener('error', ignoreEarlyError);
      throw err;
    }
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback) {
        bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
        if (bytes > maxBytes) callback(new UploadTooLargeError(maxBytes));
        else callback(null, chunk);
      },
    });
    try {
      const done = pipeline(body, counter, handle.createWriteStream());
      body.removeListener('error', ignoreEarlyError);
      await done;
      await rename(temp, target);
    } catch (err) {
      await handle.close().catch(() => undefined);
      await rm(temp, { force: true });
      await this.pruneEmptyDirs(path.dirname(target));
      throw err;
    }
    return bytes;
  }

  read(key: string): { stream: NodeJS.ReadableStream; size: number } | null {
    const target = this.resolve(key);
    let fd: number;
    try {
      fd = openSync(target, 'r');
    } catch (err) {
      if (errorCode(err) === 'ENOENT' || errorCode(err) === 'ENOTDIR') return null;
      throw err;
    }
    // Size and stream come from the same descriptor, so a concurrent replace cannot make them disagree.
    try {
      const info = fstatSync(fd);
      if (!info.isFile()) {
        closeSync(fd);
        return null;
      }
      return { stream: createReadStream(target, { fd }), size: info.size };
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  }

  async stat(key: string): Promise<number | null> {
    const target = this.resolve(key);
    try {
      const info = await stat(target);
      return info.isFile() ? info.size : null;
    } catch (err) {
      if (errorCode(err) === 'ENOENT' || errorCode(err) === 'ENOTDIR') return null;
      throw err;
    }
  }

  async delete(keys: string[]): Promise<number> {
    const targets = keys.map((key) => this.resolve(key));
    for (const target of targets) {
      try {
        await unlink(target);
      } catch (err) {
        if (errorCode(err) !== 'ENOENT' && errorCode(err) !== 'ENOTDIR') throw err;
      }
      await this.pruneEmptyDirs(path.dirname(target));
    }
    return keys.length;
  }

  private sign(method: 'PUT' | 'GET', key: string, expires: string, contentType: string): string {
    return createHmac('sha256', this.secret).update(`${method}\n${key}\n${expires}\n${contentType}`).digest('hex');
  }

  private assertKey(key: string): void {
    if (!isMediaKey(key)) throw new Error(`Not a media key: ${JSON.stringify(key)}`);
  }

  /** The only way from a key to a path: keys are untrusted URL segments, so none may leave `rootDir`. */
  private resolve(key: string): string {
    this.assertKey(key);
    const resolved = path.resolve(this.rootDir, key);
    if (!resolved.startsWith(this.rootDir + path.sep)) throw new Error(`Media key escapes the storage root: ${key}`);
    return resolved;
  }

  private async openTemp(temp: string): Promise<FileHandle> {
    const dir = path.dirname(temp);
    await mkdir(dir, { recursive: true });
    try {
      return await open(temp, 'wx');
    } catch (err) {
      // A concurrent delete may have pruned the freshly created directory; one retry settles that race.
      if (errorCode(err) !== 'ENOENT') throw err;
      await mkdir(dir, { recursive: true });
      return open(temp, 'wx');
    }
  }

  private async pruneEmptyDirs(dir: string): Promise<void> {
    let current = dir;
    while (current.startsWith(this.rootDir + path.sep)) {
      try {
        await rmdir(current);
      } catch {
        return;
      }
      current = path.dirname(current);
    }
  }
}
