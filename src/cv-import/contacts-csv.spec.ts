import { ContactRow, MAX_CONTACT_ROWS, parseContactsCsv } from './contacts-csv';
import { CvExtractionError } from './cv-errors';

function csvError(text: string): CvExtractionError {
  try {
    parseContactsCsv(text);
  } catch (err) {
    expect(err).toBeInstanceOf(CvExtractionError);
    return err as CvExtractionError;
  }
  throw new Error('expected parseContactsCsv to throw');
}

describe('parseContactsCsv', () => {
  it('reads comma-separated rows with line numbers counted from the header', () => {
    const rows = parseContactsCsv('name,email,phone\nAda Lovelace,ada@example.com,+44 20 7946 0000\nAlan Turing,alan@example.com,\n');
    expect(rows).toEqual<ContactRow[]>([
      { row: 2, name: 'Ada Lovelace', email: 'ada@example.com', phone: '+44 20 7946 0000' },
      { row: 3, name: 'Alan Turing', email: 'alan@example.com', phone: null },
    ]);
  });

  it('keeps commas and line breaks inside quoted fields, and counts the lines they span', () => {
    const text = [
      'name,email,phone',
      '"Lovelace, Ada",ada@example.com,',
      '"Grace',
      'Hopper",grace@example.com,"(555) 123-4567"',
      'Alan Turing,alan@example.com,',
    ].join('\n');
    expect(parseContactsCsv(text)).toEqual<ContactRow[]>([
      { row: 2, name: 'Lovelace, Ada', email: 'ada@example.com', phone: null },
      { row: 3, name: 'Grace Hopper', email: 'grace@example.com', phone: '(555) 123-4567' },
      { row: 5, name: 'Alan Turing', email: 'alan@example.com', phone: null },
    ]);
  });

  it('detects semicolons from the header, matches header names case-insensitively and trims', () => {
    const rows = parseContactsCsv(' Phone ; EMAIL ; Name \r\n0532 123 4567 ; CAGLA@Example.com ; Çağla Öztürk \r\n');
    expect(rows).toEqual<ContactRow[]>([{ row: 2, name: 'Çağla Öztürk', email: 'cagla@example.com', phone: '0532 123 4567' }]);
  });

  it('skips empty lines without shifting line numbers', () => {
    const rows = parseContactsCsv('\nname,email\n\n\r\nAda,ada@example.com\n   \n,,\nAlan,alan@example.com');
    expect(rows.map((r) => r.row)).toEqual([5, 8]);
  });

  it('reports rows without a valid e-mail and keeps going', () => {
    const rows = parseContactsCsv('name,email\nNo Mail,\nBad Mail,not-an-address\nAda,ada@example.com\nShort Row\n');
    expect(rows).toEqual<ContactRow[]>([
      { row: 2, error: { code: 'MISSING_EMAIL', message: expect.any(String) } },
      { row: 3, error: { code: 'MISSING_EMAIL', message: expect.stringContaining('not-an-address') } },
      { row: 4, name: 'Ada', email: 'ada@example.com', phone: null },
      { row: 5, error: { code: 'MISSING_EMAIL', message: expect.any(String) } },
    ]);
  });

  it('uses the part before @ when the name is missing, and tolerates extra columns', () => {
    const rows = parseContactsCsv('email,name\nada.lovelace@example.com,,extra,cells\n');
    expect(rows).toEqual<ContactRow[]>([{ row: 2, name: 'ada.lovelace', email: 'ada.lovelace@example.com', phone: null }]);
  });

  it('works without name and phone columns', () => {
    expect(parseContactsCsv('Email\nada@example.com')).toEqual<ContactRow[]>([
      { row: 2, name: 'ada', email: 'ada@example.com', phone: null },
    ]);
  });

  it('strips a UTF-8 BOM before the header', () => {
    const rows = parseContactsCsv('\uFEFFemail;name\nada@example.com;Ada\n');
    expect(rows).toEqual<ContactRow[]>([{ row: 2, name: 'Ada', email: 'ada@example.com', phone: null }]);
  });

  it('returns no rows for a header alone', () => {
    expect(parseContactsCsv('name,email,phone\n')).toEqual([]);
  });

  it('rejects a header without an email column', () => {
    const err = csvError('name,phone\nAda,555\n');
    expect(err.code).toBe('INVALID_CSV');
    expect(err.message).toMatch(/email/);
  });

  it('rejects an empty file', () => {
    expect(csvError(' \n\n').code).toBe('INVALID_CSV');
  });

  it('rejects malformed CSV', () => {
    expect(csvError('name,email\n"Ada,ada@example.com\n').code).toBe('INVALID_CSV');
    expect(csvError('name,email\nA"da,ada@example.com\n').code).toBe('INVALID_CSV');
  });

  it(`accepts ${MAX_CONTACT_ROWS} rows and rejects more`, () => {
    const body = (n: number) => Array.from({ length: n }, (_, i) => `P${i},p${i}@example.com`).join('\n');
    expect(parseContactsCsv(`name,email\n${body(MAX_CONTACT_ROWS)}`)).toHaveLength(MAX_CONTACT_ROWS);
    const err = csvError(`name,email\n${body(MAX_CONTACT_ROWS + 1)}`);
    expect(err.code).toBe('INVALID_CSV');
    expect(err.message).toContain(String(MAX_CONTACT_ROWS));
  });
});

describe('parseContactsCsv on hostile input', () => {
  it('reports an unterminated quote in a long file as INVALID_CSV', () => {
    expect(csvError(`name,email\n"${'a'.repeat(200_000)}`).code).toBe('INVALID_CSV');
  });

  it('reads rows after long runs of blank lines and blanks', () => {
    const rows = parseContactsCsv(`name,email\n${'\n'.repeat(50_000)}${' '.repeat(50_000)}Ada   ${'\t'.repeat(1000)}Lovelace,ada@example.com\n`);
    expect(rows).toEqual([{ row: 50_002, name: 'Ada Lovelace', email: 'ada@example.com', phone: null }]);
  });

  it('rejects an address made of a long run of address characters', () => {
    const [row] = parseContactsCsv(`name,email\nX,${'a.'.repeat(50_000)}@example.com\n`);
    expect(row).toMatchObject({ row: 2, error: { code: 'MISSING_EMAIL' } });
  });
});
