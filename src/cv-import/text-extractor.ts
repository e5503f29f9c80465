import mammoth from 'mammoth';
import { PasswordException, PDFParse } from 'pdf-parse';
import { CvExtractionError } from './cv-errors';
import { storedZip, unzipBounded } from './docx-unzip';

export interface ExtractOptions {
  /** Upper bound for reading one document, in milliseconds. */
  timeoutMs?: number;
  /** Upper bound for the bytes a DOCX may inflate to, all its parts together. */
  maxDecompressedBytes?: number;
}

export const MAX_TEXT_LENGTH = 100_000;
/** Raw text kept before normalising; generous, since layout can pad a document with blanks. */
export const MAX_RAW_TEXT_LENGTH = 10 * MAX_TEXT_LENGTH;
/** Pages of a PDF that are read; a résumé has a few. */
export const MAX_PDF_PAGES = 50;
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 20 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 10_000;

export async function extractText(
  kind: 'pdf' | 'docx' | 'txt',
  buf: Buffer,
  options: ExtractOptions = {},
): Promise<string> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let raw: string;
  switch (kind) {
    case 'pdf':
      raw = await readPdf(buf, timeoutMs);
      break;
    case 'docx':
      raw = await readDocx(buf, timeoutMs, options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES);
      break;
    case 'txt':
      // TextDecoder drops a leading BOM by default.
      raw = new TextDecoder('utf-8').decode(buf);
      break;
  }
  const text = normaliseText(raw);
  if (text === '') throw new CvExtractionError('EMPTY_FILE', 'The file contains no readable text.');
  return text;
}

/**
 * Line endings (CR, CRLF and the Unicode line/paragraph separators) to `\n`, runs of blanks to one
 * space, at most one empty line in a row, capped length. Afterwards no run of whitespace is longer than
 * two characters, and each pattern here is a single linear pass.
 */
export function normaliseText(raw: string): string {
  return raw
    .slice(0, MAX_RAW_TEXT_LENGTH)
    .replace(/\r\n?|[\u0085\u2028\u2029]/g, '\n')
    // NULs, soft hyphens and zero-width no-break spaces are invisible in the document but would split words for the parser.
    .replaceAll('\u0000', '').replace(/[\u00ad\ufeff]/g, '')
    .replace(/[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .slice(0, MAX_TEXT_LENGTH);
}

/**
 * Rejects with `onTimeout()` if `work` has not settled after `ms`. The work itself keeps running; this
 * only guarantees that the caller (one upload in a batch) is not blocked by a pathological document.
 */
export function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function readPdf(buf: Buffer, timeoutMs: number): Promise<string> {
  // pdf.js may transfer (detach) the bytes it is given, so it gets a copy rather than the caller's Buffer.
  const parser = new PDFParse({ data: new Uint8Array(buf) });
  try {
    const result = await withTimeout(parser.getText({ first: MAX_PDF_PAGES }), timeoutMs, timedOut);
    // `result.text` interleaves "-- 1 of N --" page markers that would pollute the résumé text.
    const pages: string[] = [];
    let length = 0;
    for (const page of result.pages) {
      if (length >= MAX_RAW_TEXT_LENGTH) break;
      pages.push(page.text);
      length += page.text.length + 2;
    }
    return pages.join('\n\n');
  } catch (err) {
    if (err instanceof CvExtractionError) throw err;
    if (err instanceof PasswordException) {
      throw new CvExtractionError('UNREADABLE_FILE', 'The PDF is password-protected.');
    }
    throw new CvExtractionError('UNREADABLE_FILE', 'The PDF is damaged or not a valid PDF.');
  } finally {
    // Not awaited: after a timeout the document may still be loading and destroy() must not block us.
    parser.destroy().catch(() => undefined);
  }
}

async function readDocx(buf: Buffer, timeoutMs: number, maxDecompressedBytes: number): Promise<string> {
  // The archive's headers are not trusted: it is inflated here within the limit, and mammoth reads the
  // stored copy of exactly what was inflated.
  const archive = storedZip(unzipBounded(buf, maxDecompressedBytes));
  try {
    const result = await withTimeout(mammoth.extractRawText({ buffer: archive }), timeoutMs, timedOut);
    // mammoth ends every paragraph with a blank line; one line per paragraph matches what PDFs give.
    return result.value.replace(/\n\n/g, '\n');
  } catch (err) {
    if (err instanceof CvExtractionError) throw err;
    throw new CvExtractionError('UNREADABLE_FILE', 'The Word document is damaged or not a valid .docx file.');
  }
}

function timedOut(): CvExtractionError {
  return new CvExtractionError('UNREADABLE_FILE', 'The document took too long to read.');
}
