import { parse } from 'csv-parse/sync';
import { isValidEmail } from './cv-parser';
import { CvExtractionError } from './cv-errors';

export type ContactRow =
  | { row: number; name: string; email: string; phone: string | null }
  | { row: number; error: { code: string; message: string } };

export const MAX_CONTACT_ROWS = 10_000;

interface ParsedRecord {
  record: Record<string, string | undefined>;
  raw: string;
  info: { lines: number };
}

/**
 * Reads a contacts sheet (header row with `name`, `email`, `phone`; `,` or `;` separated). Rows with a
 * problem come back as errors carrying their line number so one bad row does not reject the whole file.
 */
export function parseContactsCsv(text: string): ContactRow[] {
  // csv-parse miscounts lines after blank CRLF lines, and row numbers must match what the user sees.
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const headerLine = source.split('\n').find((line) => line.trim() !== '');
  if (headerLine === undefined) throw new CvExtractionError('INVALID_CSV', 'The CSV file is empty.');
  const delimiter = countOutsideQuotes(headerLine, ';') > countOutsideQuotes(headerLine, ',') ? ';' : ',';

  let header: string[] = [];
  let records: ParsedRecord[];
  try {
    records = parse<ParsedRecord>(source, {
      delimiter,
      record_delimiter: '\n',
      columns: (names: string[]) => {
        header = names.map((name) => name.trim().toLowerCase());
        return header;
      },
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
      raw: true,
      // One record past the cap is enough to know the file is too big without parsing all of it.
      to: MAX_CONTACT_ROWS + 1,
    });
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new CvExtractionError('INVALID_CSV', `The CSV file could not be read: ${detail}`);
  }
  if (!header.includes('email')) {
    throw new CvExtractionError('INVALID_CSV', 'The CSV header has no "email" column.');
  }
  if (records.length > MAX_CONTACT_ROWS) {
    throw new CvExtractionError('INVALID_CSV', `The CSV file has more than ${MAX_CONTACT_ROWS} rows.`);
  }

  return records
    .filter(({ record }) => Object.values(record).some((value) => value !== undefined && value !== ''))
    .map(({ record, raw, info }) => toContact(record, firstLineOf(raw, info.lines)));
}

function toContact(record: Record<string, string | undefined>, row: number): ContactRow {
  const email = (record.email ?? '').toLowerCase();
  if (email === '') {
    return { row, error: { code: 'MISSING_EMAIL', message: 'The row has no e-mail address.' } };
  }
  if (!isValidEmail(email)) {
    return { row, error: { code: 'MISSING_EMAIL', message: `"${email}" is not a valid e-mail address.` } };
  }
  const name = collapse(record.name ?? '') || email.slice(0, email.indexOf('@'));
  const phone = collapse(record.phone ?? '');
  return { row, name, email, phone: phone === '' ? null : phone };
}

function collapse(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/**
 * csv-parse reports the line a record ends on; a quoted field may span lines and the raw text also
 * carries the blank lines skipped before it, so walk back over the record's own line breaks.
 */
function firstLineOf(raw: string, lastLine: number): number {
  const own = raw.replace(/^(?:[ \t]*\n)+/, '').replace(/\n$/, '');
  const breaks = own.split('\n').length - 1;
  return lastLine - breaks;
}

function countOutsideQuotes(line: string, char: string): number {
  let count = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === char && !quoted) count += 1;
  }
  return count;
}
