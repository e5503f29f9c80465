import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { LocalMediaStorage, SignedQuery, UploadTooLargeError } from './local-media.storage';
import { isMediaKey } from './media-storage';

const KEY = '12/345/0b6e3c1e-7f0a-4a53-9d43-2a4c1f0f1b7e.webm';
const OTHER_KEY = '12/345/1c7f4d2f-8a1b-4b64-8e54-3b5d2a1a2c8f.webm';
const PUBLIC_URL = 'http://api.test';

function queryOf(url: string): { key: string; query: Record<string, string> } {
  const parsed = new URL(url);
  return {
    key: parsed.pathname.replace(/^\/dev-upload\//, ''),
    query: Object.fromEntries(parsed.searchParams.entries()),
  };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('LocalMediaStorage', () => {
  let root: string;
  let storage: LocalMediaStorage;

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'hirevision-media-'));
    storage = new LocalMediaStorage({ rootDir: root, publicUrl: `${PUBLIC_URL}/`, secret: 'test-secret', maxBytes: 64 * 1024 });
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('accepts media keys only', () => {
    expect(isMediaKey(KEY)).toBe(true);
    expect(isMediaKey('12/345/0b6e3c1e-7f0a-4a53-9d43-2a4c1f0f1b7e.m4a')).toBe(true);
    expect(isMediaKey('../../etc/passwd')).toBe(false);
    expect(isMediaKey('1/2/x.webm')).toBe(false);
    expect(isMediaKey('1/2/0b6e3c1e-7f0a-4a53-9d43-2a4c1f0f1b7e.exe')).toBe(false);
    expect(isMediaKey(`${KEY}\n`)).toBe(false);
    expect(isMediaKey('1/2/0B6E3C1E-7F0A-4A53-9D43-2A4C1F0F1B7E.webm')).toBe(false);
  });

  describe('presigned URLs', () => {
    it('builds a PUT URL on the dev-upload route that verifies', async () => {
      const before = Date.now();
      const presigned = await storage.presignPut(KEY, 'video/webm', 600);
      expect(storage.backend).toBe('local');
      expect(presigned.headers).toEqual({ 'Content-Type': 'video/webm' });
      expect(presigned.url.startsWith(`${PUBLIC_URL}/dev-upload/${KEY}?`)).toBe(true);
      expect(presigned.expiresAt.getTime()).toBeGreaterThan(before + 590_000);
      expect(presigned.expiresAt.getTime()).toBeLessThanOrEqual(before + 600_000);

      const { key, query } = queryOf(presigned.url);
      expect(key).toBe(KEY);
      expect(query).toEqual({ expires: expect.stringMatching(/^\d+$/), content_type: 'video/webm', signature: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(Number(query.expires)).toBe(presigned.expiresAt.getTime() / 1000);
      expect(storage.verifySignature('PUT', key, query, 'video/webm')).toBe('ok');
    });

    it('url-encodes the content type and still verifies it', async () => {
      const presigned = await storage.presignPut(KEY, 'video/webm;codecs=vp9,opus', 600);
      expect(presigned.url).toContain('content_type=video%2Fwebm%3Bcodecs%3Dvp9%2Copus');
      const { query } = queryOf(presigned.url);
      expect(storage.verifySignature('PUT', KEY, query, 'video/webm;codecs=vp9,opus')).toBe('ok');
    });

    it('rejects any tampered part of a PUT URL', async () => {
      const { query } = queryOf((await storage.presignPut(KEY, 'video/webm', 600)).url);
      const flipped = (query.signature[0] === 'a' ? 'b' : 'a') + query.signature.slice(1);

      expect(storage.verifySignature('PUT', OTHER_KEY, query, 'video/webm')).toBe('invalid');
      expect(storage.verifySignature('PUT', KEY, { ...query, expires: String(Number(query.expires) + 3600) }, 'video/webm')).toBe('invalid');
      expect(storage.verifySignature('PUT', KEY, { ...query, content_type: 'video/mp4' }, 'video/mp4')).toBe('invalid');
      expect(storage.verifySignature('PUT', KEY, { ...query, signature: flipped }, 'video/webm')).toBe('invalid');
      expect(storage.verifySignature('GET', KEY, query)).toBe('invalid');
    });

    it('rejects missing, non-string and malformed parameters', async () => {
      const { query } = queryOf((await storage.presignPut(KEY, 'video/webm', 600)).url);
      const variants: SignedQuery[] = [
        {},
        { ...query, expires: undefined },
        { ...query, content_type: undefined },
        { ...query, signature: undefined },
        { ...query, expires: [query.expires, query.expires] },
        { ...query, signature: [query.signature] },
        { ...query, content_type: { toString: () => 'video/webm' } },
        { ...query, expires: `${query.expires}.0` },
        { ...query, signature: query.signature.slice(0, 63) },
        { ...query, signature: `${query.signature}00` },
        { ...query, signature: 'z'.repeat(64) },
      ];
      for (const variant of variants) {
        expect(storage.verifySignature('PUT', KEY, variant, 'video/webm')).toBe('invalid');
      }
    });

    it('rejects a request whose Content-Type differs from the signed one', async () => {
      const { query } = queryOf((await storage.presignPut(KEY, 'video/webm', 600)).url);
      expect(storage.verifySignature('PUT', KEY, query, 'video/mp4')).toBe('invalid');
      expect(storage.verifySignature('PUT', KEY, query, 'application/octet-stream')).toBe('invalid');
      expect(storage.verifySignature('PUT', KEY, query, '')).toBe('invalid');
      expect(storage.verifySignature('PUT', KEY, query, undefined)).toBe('invalid');
    });

    it('ignores Content-Type parameters and case', async () => {
      const { query } = queryOf((await storage.presignPut(KEY, 'video/webm', 600)).url);
      expect(storage.verifySignature('PUT', KEY, query, 'video/webm; codecs=vp9')).toBe('ok');
      expect(storage.verifySignature('PUT', KEY, query, 'Video/WebM')).toBe('ok');
    });

    it('reports expiry only for genuine signatures', async () => {
      const { query } = queryOf((await storage.presignPut(KEY, 'video/webm', 60)).url);
      const later = new Date((Number(query.expires) + 1) * 1000);
      expect(storage.verifySignature('PUT', KEY, query, 'video/webm', new Date(Number(query.expires) * 1000))).toBe('ok');
      expect(storage.verifySignature('PUT', KEY, query, 'video/webm', later)).toBe('expired');

      const forged = { ...query, signature: 'f'.repeat(64) };
      expect(storage.verifySignature('PUT', KEY, forged, 'video/webm', later)).toBe('invalid');
      // A wrong Content-Type on an expired URL must not reveal the expiry either.
      expect(storage.verifySignature('PUT', KEY, query, 'video/mp4', later)).toBe('invalid');
    });

    it('signs GET URLs separately from PUT URLs', async () => {
      const url = await storage.presignGet(KEY, 300);
      expect(url.startsWith(`${PUBLIC_URL}/dev-upload/${KEY}?`)).toBe(true);
      const { query } = queryOf(url);
      expect(query.content_type).toBeUndefined();
      expect(storage.verifySignature('GET', KEY, query)).toBe('ok');
      expect(storage.verifySignature('PUT', KEY, { ...query, content_type: '' }, '')).toBe('invalid');
      expect(storage.verifySignature('GET', OTHER_KEY, query)).toBe('invalid');
      expect(storage.verifySignature('GET', KEY, query, undefined, new Date((Number(query.expires) + 1) * 1000))).toBe('expired');
    });

    it('does not accept URLs signed with another secret', async () => {
      const other = new LocalMediaStorage({ rootDir: root, publicUrl: PUBLIC_URL, secret: 'other-secret', maxBytes: 1024 });
      const { query } = queryOf((await other.presignPut(KEY, 'video/webm', 600)).url);
      expect(storage.verifySignature('PUT', KEY, query, 'video/webm')).toBe('invalid');
    });

    it('refuses to sign non-media keys', async () => {
      await expect(storage.presignPut('../../etc/passwd', 'video/webm', 60)).rejects.toThrow(/media key/);
      await expect(storage.presignGet('1/2/x.webm', 60)).rejects.toThrow(/media key/);
    });
  });

  describe.each([
    ['../../etc/passwd'],
    ['1/2/x.webm'],
    ['1/2/0b6e3c1e-7f0a-4a53-9d43-2a4c1f0f1b7e.exe'],
    ['/12/345/0b6e3c1e-7f0a-4a53-9d43-2a4c1f0f1b7e.webm'],
    ['12/../0b6e3c1e-7f0a-4a53-9d43-2a4c1f0f1b7e.webm'],
  ])('non-media key %j', (badKey) => {
    it('never verifies, even with a signature over it', () => {
      const signature = 'a'.repeat(64);
      expect(storage.verifySignature('PUT', badKey, { expires: '9999999999', content_type: 'video/webm', signature }, 'video/webm')).toBe('invalid');
      expect(storage.verifySignature('GET', badKey, { expires: '9999999999', signature })).toBe('invalid');
    });

    it('is refused by write, read, stat and delete', async () => {
      await expect(storage.write(badKey, Readable.from([Buffer.from('x')]))).rejects.toThrow(/media key/);
      expect(() => storage.read(badKey)).toThrow(/media key/);
      await expect(storage.stat(badKey)).rejects.toThrow(/media key/);
      await expect(storage.delete([KEY, badKey])).rejects.toThrow(/media key/);
      expect(await listFiles(root)).toEqual([]);
    });
  });

  describe('objects', () => {
    it('writes, reads, stats and deletes a file', async () => {
      const bytes = randomBytes(40 * 1024);
      const chunks = [bytes.subarray(0, 1000), bytes.subarray(1000, 30_000), bytes.subarray(30_000)];
      expect(await storage.write(KEY, Readable.from(chunks), bytes.length)).toBe(bytes.length);

      expect(await listFiles(root)).toEqual([path.join(root, KEY)]);
      expect(await storage.stat(KEY)).toBe(bytes.length);
      const read = storage.read(KEY);
      expect(read?.size).toBe(bytes.length);
      expect((await buffer(read!.stream)).equals(bytes)).toBe(true);
      expect(storage.objectUrl(KEY)).toBe(`${PUBLIC_URL}/dev-upload/${KEY}`);

      expect(await storage.delete([KEY, OTHER_KEY])).toBe(2);
      expect(await storage.stat(KEY)).toBeNull();
      expect(storage.read(KEY)).toBeNull();
      // Empty tenant/interview directories are pruned, the root itself stays.
      expect(await readdir(root)).toEqual([]);
    });

    it('replaces an existing object and keeps sibling directories', async () => {
      await storage.write(KEY, Readable.from([Buffer.from('first version')]));
      await storage.write(OTHER_KEY, Readable.from([Buffer.from('other')]));
      expect(await storage.write(KEY, Readable.from([Buffer.from('v2')]))).toBe(2);
      expect(await storage.stat(KEY)).toBe(2);

      await storage.delete([KEY]);
      expect(await storage.stat(OTHER_KEY)).toBe(5);
      expect(await listFiles(root)).toEqual([path.join(root, OTHER_KEY)]);
    });

    it('reports missing objects as null and deleting them as fine', async () => {
      expect(await storage.stat(KEY)).toBeNull();
      expect(storage.read(KEY)).toBeNull();
      expect(await storage.delete([KEY])).toBe(1);
      expect(await storage.delete([])).toBe(0);
    });

    it('accepts a body of exactly maxBytes', async () => {
      const bytes = randomBytes(storage.maxBytes);
      expect(await storage.write(KEY, Readable.from([bytes]), bytes.length)).toBe(bytes.length);
    });

    it('aborts an over-limit stream with UploadTooLargeError and leaves nothing behind', async () => {
      const chunk = randomBytes(16 * 1024);
      let produced = 0;
      const endless = new Readable({
        read() {
          produced += chunk.length;
          this.push(produced > 10 * storage.maxBytes ? null : chunk);
        },
      });
      const error: unknown = await storage.write(KEY, endless).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(UploadTooLargeError);
      expect((error as UploadTooLargeError).maxBytes).toBe(storage.maxBytes);
      expect(produced).toBeLessThan(10 * storage.maxBytes);
      expect(await listFiles(root)).toEqual([]);
      expect(await storage.stat(KEY)).toBeNull();
    });

    it('keeps the previous object when a replacement is too large', async () => {
      await storage.write(KEY, Readable.from([Buffer.from('keep me')]));
      await expect(storage.write(KEY, Readable.from([randomBytes(storage.maxBytes + 1)]))).rejects.toBeInstanceOf(UploadTooLargeError);
      expect(await storage.stat(KEY)).toBe(7);
      expect(await listFiles(root)).toEqual([path.join(root, KEY)]);
    });

    it('rejects a declared length over the limit before reading the body', async () => {
      let reads = 0;
      const body = new Readable({
        read() {
          reads += 1;
          this.push(null);
        },
      });
      await expect(storage.write(KEY, body, storage.maxBytes + 1)).rejects.toBeInstanceOf(UploadTooLargeError);
      expect(reads).toBe(0);
      expect(await readdir(root)).toEqual([]);
    });

    it('removes the temp file when the body fails midway', async () => {
      const body = new Readable({
        read() {
          this.destroy(new Error('client went away'));
        },
      });
      body.push(Buffer.from('partial'));
      await expect(storage.write(KEY, body)).rejects.toThrow('client went away');
      expect(await listFiles(root)).toEqual([]);
    });

    it('does not follow a planted file outside the key layout', async () => {
      await writeFile(path.join(root, 'secret.txt'), 'nope');
      expect(() => storage.read('secret.txt')).toThrow(/media key/);
    });
  });
});
