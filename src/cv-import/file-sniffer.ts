export type SniffedKind = 'pdf' | 'docx' | 'txt' | 'csv' | 'empty' | 'unsupported';

const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const DOCX_MAIN_PART = Buffer.from('word/document.xml', 'latin1');
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Classifies an uploaded file by its bytes. The file name only breaks the tie between plain text and
 * CSV: uploads are routinely misnamed, so a PNG called `cv.pdf` must not reach the PDF parser.
 */
export function sniffFileType(buf: Buffer, fileName: string): SniffedKind {
  const body = startsWith(buf, UTF8_BOM) ? buf.subarray(UTF8_BOM.length) : buf;
  if (isBlank(body)) return 'empty';
  if (startsWith(buf, PDF_MAGIC)) return 'pdf';
  if (startsWith(buf, ZIP_MAGIC)) {
    // Entry names are stored uncompressed in the local and central headers, so a byte search suffices.
    return buf.includes(DOCX_MAIN_PART) ? 'docx' : 'unsupported';
  }
  const text = decodeText(body);
  if (text === null) return 'unsupported';
  return fileName.trim().toLowerCase().endsWith('.csv') || hasContactsHeader(text) ? 'csv' : 'txt';
}

function startsWith(buf: Buffer, prefix: Buffer): boolean {
  return buf.length >= prefix.length && buf.subarray(0, prefix.length).equals(prefix);
}

function isBlank(buf: Buffer): boolean {
  for (const byte of buf) {
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return false;
  }
  return true;
}

/** The text if `buf` is valid UTF-8 free of NULs and control characters other than tab, CR and LF. */
function decodeText(buf: Buffer): string | null {
  for (const byte of buf) {
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) || byte === 0x7f) return null;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buf);
  } catch {
    return null;
  }
}

/**
 * A header row such as `name;email;phone`. Lines holding an address are résumé content
 * ("Email: ada@example.com, Phone: …"), not a header, so they do not count.
 */
function hasContactsHeader(text: string): boolean {
  const firstLine = text.split(/\r\n|\r|\n/).find((line) => line.trim() !== '');
  if (firstLine === undefined) return false;
  return /email/i.test(firstLine) && /[,;]/.test(firstLine) && !firstLine.includes('@');
}
