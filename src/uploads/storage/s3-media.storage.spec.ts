import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { S3MediaStorage, S3StorageOptions } from './s3-media.storage';

// s3rver ships no type declarations; this is the slice of its API the tests use.
interface S3rverOptions {
  port: number;
  address: string;
  silent: boolean;
  directory: string;
  configureBuckets: { name: string }[];
}
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
const S3rver = createRequire(__filename)('s3rver') as new (options: S3rverOptions) => S3rverInstance;

const BUCKET = 'hirevision-test';
const SECRET = 'S3RVER';

const mediaKey = (ext = 'webm'): string => `12/345/${randomUUID()}.${ext}`;

const rfc3986 = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();

/**
 * What real S3 computes for a presigned request carrying `headers` (s3rver skips SigV4 verification, so the
 * test does it itself to prove the signature binds the Content-Type).
 */
function sigV4For(url: URL, method: string, headers: Record<string, string>, secret: string): string {
  const query = url.searchParams;
  const signedHeaders = (query.get('X-Amz-SignedHeaders') ?? '').split(';');
  const [, date, region, service] = (query.get('X-Amz-Credential') ?? '').split('/');
  const canonicalQuery = [...query.entries()]
    .filter(([name]) => name !== 'X-Amz-Signature')
    .map(([name, value]) => `${rfc3986(name)}=${rfc3986(value)}`)
    .sort()
    .join('&');
  const sent: Record<string, string> = { host: url.host };
  for (const [name, value] of Object.entries(headers)) sent[name.toLowerCase()] = value.trim();
  const canonicalHeaders = signedHeaders.map((name) => `${name}:${sent[name] ?? ''}\n`).join('');
  const canonicalRequest = [method, url.pathname, canonicalQuery, canonicalHeaders, signedHeaders.join(';'), 'UNSIGNED-PAYLOAD'].join('\n');
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    query.get('X-Amz-Date') ?? '',
    `${date}/${region}/${service}/aws4_request`,
    createHash('sha256').update(canonicalRequest).digest('hex'),
  ].join('\n');
  const signingKey = [region, service, 'aws4_request'].reduce((key, part) => hmac(key, part), hmac(`AWS4${secret}`, date));
  return hmac(signingKey, stringToSign).toString('hex');
}

describe('S3MediaStorage (against s3rver)', () => {
  let directory: string | undefined;
  let server: S3rverInstance | undefined;
  let port: number;
  let endpoint: string;
  let storage: S3MediaStorage;

  const options = (overrides: Partial<S3StorageOptions> = {}): S3StorageOptions => ({
    bucket: BUCKET,
    region: 'us-east-1',
    endpoint,
    accessKeyId: 'S3RVER',
    secretAccessKey: SECRET,
    ...overrides,
  });

  const upload = async (storageUnderTest: S3MediaStorage, key: string, body: Buffer, contentType = 'video/webm'): Promise<Response> => {
    const presigned = await storageUnderTest.presignPut(key, contentType, 300);
    return fetch(presigned.url, { method: 'PUT', headers: presigned.headers, body });
  };

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'hirevision-s3rver-'));
    const instance = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: BUCKET }] });
    // run() resolves with the listening socket's address(), which carries the OS-assigned port.
    const address = await instance.run();
    server = instance;
    port = address.port;
    endpoint = `http://127.0.0.1:${port}`;
    storage = new S3MediaStorage(options());
  }, 60_000);

  afterAll(async () => {
    if (server) await server.close();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('uploads through a presigned PUT and reads the same bytes back through a presigned GET', async () => {
    const key = mediaKey();
    const body = randomBytes(300 * 1024);
    const presigned = await storage.presignPut(key, 'video/webm', 300);
    expect(storage.backend).toBe('s3');
    expect(presigned.headers).toEqual({ 'Content-Type': 'video/webm' });
    expect(presigned.expiresAt.getTime()).toBeGreaterThan(Date.now() + 290_000);
    // Default SDK checksums would pin the URL to the CRC32 of an empty body.
    expect(presigned.url).not.toMatch(/x-amz-checksum|x-amz-sdk-checksum/i);

    const put = await fetch(presigned.url, { method: 'PUT', headers: presigned.headers, body });
    expect(put.status).toBe(200);
    expect(await storage.stat(key)).toBe(body.length);

    const get = await fetch(await storage.presignGet(key, 60));
    expect(get.status).toBe(200);
    expect(get.headers.get('content-type')).toBe('video/webm');
    expect(Buffer.from(await get.arrayBuffer()).equals(body)).toBe(true);
  });

  it('binds the Content-Type into the presigned PUT signature', async () => {
    const presigned = await storage.presignPut(mediaKey(), 'audio/ogg', 300);
    const url = new URL(presigned.url);
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(expect.arrayContaining(['content-type', 'host']));

    // s3rver does not verify SigV4 (it would accept the wrong type), so recompute what S3 checks.
    const signature = url.searchParams.get('X-Amz-Signature');
    expect(sigV4For(url, 'PUT', presigned.headers, SECRET)).toBe(signature);
    expect(sigV4For(url, 'PUT', { 'Content-Type': 'video/mp4' }, SECRET)).not.toBe(signature);
    expect(sigV4For(url, 'PUT', {}, SECRET)).not.toBe(signature);
  });

  it('reports missing objects as null', async () => {
    expect(await storage.stat(mediaKey())).toBeNull();
  });

  it('throws on errors other than not-found', async () => {
    const stranger = new S3MediaStorage(options({ accessKeyId: 'UNKNOWN', secretAccessKey: 'nope' }));
    await expect(stranger.stat(mediaKey())).rejects.toThrow();
  });

  it('deletes objects and tolerates missing ones', async () => {
    const kept = mediaKey('mp4');
    const doomed = [mediaKey(), mediaKey('wav')];
    for (const key of [kept, ...doomed]) expect((await upload(storage, key, randomBytes(1024))).status).toBe(200);

    expect(await storage.delete([...doomed, mediaKey()])).toBe(3);
    expect(await storage.stat(doomed[0])).toBeNull();
    expect(await storage.stat(doomed[1])).toBeNull();
    expect(await storage.stat(kept)).toBe(1024);

    expect(await storage.delete(doomed)).toBe(2);
    expect(await storage.delete([])).toBe(0);
  });

  it('deletes more keys than one DeleteObjects request takes', async () => {
    const last = mediaKey();
    expect((await upload(storage, last, randomBytes(16))).status).toBe(200);
    const keys = [...Array.from({ length: 1000 }, () => mediaKey()), last];
    expect(await storage.delete(keys)).toBe(1001);
    expect(await storage.stat(last)).toBeNull();
  });

  it('puts the public endpoint into presigned URLs while server calls use the internal one', async () => {
    const publicEndpoint = `http://localhost:${port}`;
    const split = new S3MediaStorage(options({ publicEndpoint: `${publicEndpoint}/` }));
    const key = mediaKey('m4a');
    const body = randomBytes(64 * 1024);

    const presigned = await split.presignPut(key, 'audio/mp4', 300);
    expect(new URL(presigned.url).host).toBe(`localhost:${port}`);
    expect(new URL(await split.presignGet(key, 60)).host).toBe(`localhost:${port}`);
    expect((await fetch(presigned.url, { method: 'PUT', headers: presigned.headers, body })).status).toBe(200);

    const get = await fetch(await split.presignGet(key, 60));
    expect(Buffer.from(await get.arrayBuffer()).equals(body)).toBe(true);
    expect(split.objectUrl(key)).toBe(`${publicEndpoint}/${BUCKET}/${key}`);

    // An unreachable public host proves stat/delete never go through it.
    const unreachable = new S3MediaStorage(options({ publicEndpoint: 'http://media.invalid:9000' }));
    expect(new URL((await unreachable.presignPut(key, 'audio/mp4', 60)).url).host).toBe('media.invalid:9000');
    expect(await unreachable.stat(key)).toBe(body.length);
    expect(await unreachable.delete([key])).toBe(1);
    expect(await split.stat(key)).toBeNull();
  });

  it('builds canonical object URLs', () => {
    const key = '12/345/0b6e3c1e-7f0a-4a53-9d43-2a4c1f0f1b7e.webm';
    expect(storage.objectUrl(key)).toBe(`${endpoint}/${BUCKET}/${key}`);
    expect(new S3MediaStorage({ bucket: 'media', region: 'eu-central-1' }).objectUrl(key)).toBe(
      `https://media.s3.eu-central-1.amazonaws.com/${key}`,
    );
    expect(new S3MediaStorage({ bucket: 'media', region: 'eu-central-1', forcePathStyle: true }).objectUrl(key)).toBe(
      `https://s3.eu-central-1.amazonaws.com/media/${key}`,
    );
    expect(new S3MediaStorage(options({ forcePathStyle: false })).objectUrl(key)).toBe(
      `https://${BUCKET}.s3.us-east-1.amazonaws.com/${key}`,
    );
  });
});
