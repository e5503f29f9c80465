import { crc32, inflateRawSync } from 'node:zlib';
import { CvExtractionError } from './cv-errors';

/** One file of a ZIP archive, inflated. */
export interface ZipEntry {
  /** The name's bytes as stored (UTF-8 when `utf8Name`, otherwise CP437). */
  name: Buffer;
  utf8Name: boolean;
  data: Buffer;
}

/** Most entries accepted in one archive; a .docx has a few dozen. */
export const MAX_ZIP_ENTRIES = 5000;

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const CENTRAL_SIZE = 46;
const LOCAL_SIZE = 30;
const MAX_COMMENT = 0xffff;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_STRONG_ENCRYPTION = 0x0040;
const FLAG_UTF8 = 0x0800;
const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;
const ZIP64_EXTRA = 0x0001;

const damaged = (): CvExtractionError => new CvExtractionError('UNREADABLE_FILE', 'The Word document is damaged or not a valid .docx file.');
const tooLarge = (): CvExtractionError => new CvExtractionError('UNREADABLE_FILE', 'The document is too large when decompressed.');
const unsupported = (what: string): CvExtractionError =>
  new CvExtractionError('UNREADABLE_FILE', `The Word document cannot be read: it uses ${what}.`);

/**
 * Reads every entry of a ZIP archive through its central directory, inflating each one with a cap on
 * the output, so that the total really decompressed never exceeds `maxBytes` whatever sizes the headers
 * claim. Stored entries count their own size. Encryption, ZIP64, multi-disk archives and compression
 * methods other than stored/deflate are refused.
 */
export function unzipBounded(buf: Buffer, maxBytes: number): ZipEntry[] {
  const eocd = findEndOfCentralDirectory(buf);
  if (eocd >= 20 && buf.readUInt32LE(eocd - 20) === ZIP64_LOCATOR_SIGNATURE) throw unsupported('ZIP64');
  const disk = buf.readUInt16LE(eocd + 4);
  const directoryDisk = buf.readUInt16LE(eocd + 6);
  const entriesOnDisk = buf.readUInt16LE(eocd + 8);
  const entryCount = buf.readUInt16LE(eocd + 10);
  const directorySize = buf.readUInt32LE(eocd + 12);
  const directoryOffset = buf.readUInt32LE(eocd + 16);
  if (entryCount === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) throw unsupported('ZIP64');
  if (disk !== 0 || directoryDisk !== 0 || entriesOnDisk !== entryCount) throw unsupported('a multi-part archive');
  if (entryCount > MAX_ZIP_ENTRIES) throw new CvExtractionError('UNREADABLE_FILE', 'The Word document has too many parts.');
  const directoryEnd = directoryOffset + directorySize;
  if (directoryEnd > eocd) throw damaged();

  const entries: ZipEntry[] = [];
  const seen = new Set<string>();
  let total = 0;
  let p = directoryOffset;
  for (let i = 0; i < entryCount; i++) {
    if (p + CENTRAL_SIZE > directoryEnd || buf.readUInt32LE(p) !== CENTRAL_SIGNATURE) throw damaged();
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    const nameStart = p + CENTRAL_SIZE;
    const extraStart = nameStart + nameLength;
    p = extraStart + extraLength + commentLength;
    if (p > directoryEnd) throw damaged();
    const name = buf.subarray(nameStart, extraStart);

    if (flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) throw new CvExtractionError('UNREADABLE_FILE', 'The Word document is password-protected.');
    if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff || hasExtra(buf.subarray(extraStart, extraStart + extraLength), ZIP64_EXTRA)) {
      throw unsupported('ZIP64');
    }
    if (method !== METHOD_STORED && method !== METHOD_DEFLATE) throw unsupported(`an unsupported compression method (${method})`);

    const data = entryData(buf, localOffset, compressedSize);
    let content: Buffer;
    if (method === METHOD_STORED) {
      if (compressedSize > maxBytes - total) throw tooLarge();
      content = data;
    } else {
      content = inflateCapped(data, maxBytes - total);
    }
    total += content.length;
    if (crc32(content) !== crc) throw damaged();

    const key = name.toString('latin1');
    if (name.length === 0 || name[name.length - 1] === 0x2f || seen.has(key)) continue; // folders, repeated names
    seen.add(key);
    entries.push({ name, utf8Name: (flags & FLAG_UTF8) !== 0, data: content });
  }
  return entries;
}

/**
 * The same archive rebuilt from `unzipBounded`'s entries, every entry stored: what a ZIP reader then
 * sees is exactly what was inflated and counted here, never the original headers.
 */
export function storedZip(entries: readonly ZipEntry[]): Buffer {
  const parts: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const crc = crc32(entry.data);
    const flags = entry.utf8Name ? FLAG_UTF8 : 0;
    const local = Buffer.alloc(LOCAL_SIZE);
    local.writeUInt32LE(LOCAL_SIGNATURE, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(METHOD_STORED, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(entry.name.length, 26);
    const central = Buffer.alloc(CENTRAL_SIZE);
    central.writeUInt32LE(CENTRAL_SIGNATURE, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(METHOD_STORED, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(entry.name.length, 28);
    central.writeUInt32LE(offset, 42);
    parts.push(local, entry.name, entry.data);
    directory.push(central, entry.name);
    offset += LOCAL_SIZE + entry.name.length + entry.data.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(EOCD_SIZE);
  end.writeUInt32LE(EOCD_SIGNATURE, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directoryBytes, end]);
}

/** Offset of the end-of-central-directory record: the last one whose comment fits in the file. */
function findEndOfCentralDirectory(buf: Buffer): number {
  const lowest = Math.max(0, buf.length - EOCD_SIZE - MAX_COMMENT);
  for (let i = buf.length - EOCD_SIZE; i >= lowest; i--) {
    if (buf.readUInt32LE(i) === EOCD_SIGNATURE && i + EOCD_SIZE + buf.readUInt16LE(i + 20) <= buf.length) return i;
  }
  throw damaged();
}

function entryData(buf: Buffer, localOffset: number, compressedSize: number): Buffer {
  if (localOffset + LOCAL_SIZE > buf.length || buf.readUInt32LE(localOffset) !== LOCAL_SIGNATURE) throw damaged();
  const start = localOffset + LOCAL_SIZE + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
  const end = start + compressedSize;
  if (end > buf.length) throw damaged();
  return buf.subarray(start, end);
}

function inflateCapped(data: Buffer, remaining: number): Buffer {
  let content: Buffer;
  try {
    // maxOutputLength stops zlib as soon as the output would pass the cap, so a bomb costs at most `remaining`.
    content = inflateRawSync(data, { maxOutputLength: Math.max(1, remaining) });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
    throw damaged();
  }
  if (content.length > remaining) throw tooLarge();
  return content;
}

function hasExtra(extra: Buffer, id: number): boolean {
  for (let p = 0; p + 4 <= extra.length; p += 4 + extra.readUInt16LE(p + 2)) {
    if (extra.readUInt16LE(p) === id) return true;
  }
  return false;
}
