import { crc32, deflateRawSync } from 'node:zlib';
import { makeDocx, makeZip } from '../../test/fixtures/documents';
import { docxBomb } from '../../test/fixtures/hostile';
import { CvExtractionError } from './cv-errors';
import { MAX_ZIP_ENTRIES, storedZip, unzipBounded, ZipEntry } from './docx-unzip';

const MiB = 1024 * 1024;

function unzipError(buf: Buffer, maxBytes = MiB): CvExtractionError {
  try {
    unzipBounded(buf, maxBytes);
  } catch (err) {
    expect(err).toBeInstanceOf(CvExtractionError);
    return err as CvExtractionError;
  }
  throw new Error('expected unzipBounded to throw');
}

const byName = (entries: ZipEntry[]) => Object.fromEntries(entries.map((e) => [e.name.toString('utf8'), e.data.toString('utf8')]));

/** makeZip's single-entry archive with a field of the first local and central headers overwritten. */
function patched(entries: Record<string, string>, patch: (buf: Buffer, central: number) => void): Buffer {
  const buf = makeZip(entries);
  patch(buf, buf.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])));
  return buf;
}

/** A one-entry archive whose entry is deflated. */
function deflatedZip(name: string, content: Buffer): Buffer {
  const stored = makeZip({ [name]: 'x' });
  const data = deflateRawSync(content);
  const nameLength = Buffer.byteLength(name);
  const local = Buffer.from(stored.subarray(0, 30));
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc32(content), 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(content.length, 22);
  const centralStart = 30 + nameLength + 1;
  const central = Buffer.from(stored.subarray(centralStart, centralStart + 46));
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc32(content), 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(content.length, 24);
  const nameBytes = Buffer.from(name);
  const end = Buffer.from(stored.subarray(stored.length - 22));
  end.writeUInt32LE(46 + nameLength, 12);
  end.writeUInt32LE(30 + nameLength + data.length, 16);
  return Buffer.concat([local, nameBytes, data, central, nameBytes, end]);
}

describe('unzipBounded', () => {
  it('reads stored and deflated entries of a real .docx, and the stored copy reads the same', async () => {
    const docx = await makeDocx(['Ada Lovelace', 'ada@example.com']);
    const entries = unzipBounded(docx, MiB);
    const names = entries.map((e) => e.name.toString());
    expect(names).toEqual(expect.arrayContaining(['[Content_Types].xml', 'word/document.xml']));
    expect(byName(entries)['word/document.xml']).toContain('Ada Lovelace');
    expect(byName(unzipBounded(storedZip(entries), MiB))).toEqual(byName(entries));
  });

  it('reads a deflated entry and checks its CRC', () => {
    const content = Buffer.from('hello '.repeat(1000));
    expect(byName(unzipBounded(deflatedZip('a.txt', content), MiB))).toEqual({ 'a.txt': content.toString() });
    const corrupt = deflatedZip('a.txt', content);
    corrupt.writeUInt32LE(1, corrupt.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 16);
    expect(unzipError(corrupt).message).toMatch(/damaged/);
  });

  it('stops inflating at the limit although the headers claim a small entry', () => {
    expect(unzipError(docxBomb(400 * MiB), 20 * MiB)).toMatchObject({ code: 'UNREADABLE_FILE', message: 'The document is too large when decompressed.' });
  });

  it('counts every entry towards the limit, stored ones by their size', () => {
    const half = 'x'.repeat(600 * 1024);
    expect(unzipBounded(makeZip({ a: half }), MiB)).toHaveLength(1);
    expect(unzipError(makeZip({ a: half, b: half })).message).toBe('The document is too large when decompressed.');
    expect(unzipError(deflatedZip('a', Buffer.alloc(MiB + 1, ' '))).message).toBe('The document is too large when decompressed.');
    expect(unzipBounded(deflatedZip('a', Buffer.alloc(MiB, ' ')), MiB)[0].data.length).toBe(MiB);
  });

  it('refuses encrypted entries, ZIP64 and unknown compression methods', () => {
    expect(unzipError(patched({ a: 'x' }, (buf, c) => buf.writeUInt16LE(1, c + 8))).message).toMatch(/password-protected/);
    expect(unzipError(patched({ a: 'x' }, (buf, c) => buf.writeUInt16LE(12, c + 10))).message).toMatch(/compression method \(12\)/);
    expect(unzipError(patched({ a: 'x' }, (buf, c) => buf.writeUInt32LE(0xffffffff, c + 24))).message).toMatch(/ZIP64/);
    expect(unzipError(patched({ a: 'x' }, (buf) => buf.writeUInt16LE(0xffff, buf.length - 12))).message).toMatch(/ZIP64/);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    const zip = makeZip({ a: 'x' });
    const withLocator = Buffer.concat([zip.subarray(0, zip.length - 22), locator, zip.subarray(zip.length - 22)]);
    expect(unzipError(withLocator).message).toMatch(/ZIP64/);
  });

  it('reports truncated or malformed archives as damaged', () => {
    const zip = makeZip({ 'word/document.xml': '<w:document/>' });
    for (const bad of [Buffer.from('garbage'), Buffer.alloc(0), zip.subarray(0, zip.length - 30), zip.subarray(10)]) {
      expect(unzipError(bad)).toMatchObject({ code: 'UNREADABLE_FILE' });
    }
    const pointingPastTheEnd = Buffer.from(zip);
    pointingPastTheEnd.writeUInt32LE(0x7fffffff, pointingPastTheEnd.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 20);
    expect(unzipError(pointingPastTheEnd).message).toMatch(/damaged/);
    const truncatedDeflate = deflatedZip('a', Buffer.from('hello '.repeat(1000)));
    truncatedDeflate.fill(0, 40, 60);
    expect(unzipError(truncatedDeflate).message).toMatch(/damaged/);
  });

  it('refuses archives with too many entries', () => {
    const entries = Object.fromEntries(Array.from({ length: MAX_ZIP_ENTRIES + 1 }, (_, i) => [`f${i}`, '']));
    expect(unzipError(makeZip(entries)).message).toMatch(/too many parts/);
  });

  it('skips folder entries', () => {
    expect(byName(unzipBounded(makeZip({ 'dir/': '', 'dir/a.txt': 'one' }), MiB))).toEqual({ 'dir/a.txt': 'one' });
  });
});
