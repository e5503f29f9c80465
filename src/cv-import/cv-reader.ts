import { ContactRow, parseContactsCsv } from './contacts-csv';
import { CvExtractionError } from './cv-errors';
import { ParsedResume, parseResume } from './cv-parser';
import { sniffFileType } from './file-sniffer';
import { extractText } from './text-extractor';

/** What reading one uploaded file gives: a résumé, the rows of a contacts CSV, or why it failed. */
export type CvOutcome =
  | { kind: 'resume'; text: string; parsed: ParsedResume }
  | { kind: 'contacts'; rows: ContactRow[] }
  | { kind: 'failed'; code: string; message: string };

export interface ReadOptions {
  jobSkills: string[];
  maxDecompressedBytes: number;
}

/**
 * Sniffs, extracts and parses one uploaded file. Problems with the file itself come back as a `failed`
 * outcome rather than an exception, so the result crosses a worker boundary intact.
 */
export async function readUpload(fileName: string, buffer: Buffer, options: ReadOptions): Promise<CvOutcome> {
  try {
    const kind = sniffFileType(buffer, fileName);
    switch (kind) {
      case 'empty':
        return { kind: 'failed', code: 'EMPTY_FILE', message: 'The file is empty' };
      case 'unsupported':
        return { kind: 'failed', code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Only PDF, DOCX, TXT and CSV files are accepted' };
      case 'csv':
        return { kind: 'contacts', rows: parseContactsCsv(buffer.toString('utf8')) };
      default: {
        const text = await extractText(kind, buffer, { maxDecompressedBytes: options.maxDecompressedBytes });
        return { kind: 'resume', text, parsed: parseResume(text, options.jobSkills) };
      }
    }
  } catch (err) {
    if (err instanceof CvExtractionError) return { kind: 'failed', code: err.code, message: err.message };
    throw err;
  }
}
