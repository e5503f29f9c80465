import { CORRUPT_PDF, makeDocx, makePdf, makeZip } from '../../test/fixtures/documents';
import { docxBomb, pdfBomb } from '../../test/fixtures/hostile';
import { CvExtractionError } from './cv-errors';
import { extractText, MAX_RAW_TEXT_LENGTH, MAX_TEXT_LENGTH, normaliseText, withTimeout } from './text-extractor';

async function extractionError(work: Promise<unknown>): Promise<CvExtractionError> {
  const err = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CvExtractionError);
  return err as CvExtractionError;
}

describe('extractText', () => {
  const lines = ['Ada Lovelace', 'ada@example.com', 'Skills: TypeScript, C++, Node.js'];

  it('reads the lines of a PDF, without page markers', async () => {
    const text = await extractText('pdf', await makePdf(lines));
    expect(text.split('\n')).toEqual(lines);
  });

  it('reads a PDF with several pages', async () => {
    const many = Array.from({ length: 80 }, (_, i) => `Line ${i + 1}`);
    const text = await extractText('pdf', await makePdf(many));
    expect(text).toContain('Line 1\n');
    expect(text).toContain('Line 80');
    expect(text).not.toMatch(/-- \d+ of \d+ --/);
  });

  it('leaves the caller’s buffer intact', async () => {
    const pdf = await makePdf(lines);
    const copy = Buffer.from(pdf);
    await extractText('pdf', pdf);
    expect(pdf.equals(copy)).toBe(true);
  });

  it('reads the paragraphs of a DOCX, including Turkish letters', async () => {
    const text = await extractText('docx', await makeDocx(['Çağla Öztürk', 'cagla@example.com', 'Özgeçmiş']));
    expect(text.split('\n')).toEqual(['Çağla Öztürk', 'cagla@example.com', 'Özgeçmiş']);
  });

  it('keeps an empty DOCX paragraph as a blank line', async () => {
    expect(await extractText('docx', await makeDocx(['Ada', '', 'Lovelace']))).toBe('Ada\n\nLovelace');
  });

  it('decodes plain text, dropping the BOM and normalising whitespace', async () => {
    const buf = Buffer.from('\uFEFFAda   Lovelace \r\nSkills:\tSQL\r\n\r\n\r\n\r\nEnd', 'utf8');
    expect(await extractText('txt', buf)).toBe('Ada Lovelace\nSkills: SQL\n\nEnd');
  });

  it('caps the text at 100 000 characters', async () => {
    const text = await extractText('txt', Buffer.from('x'.repeat(MAX_TEXT_LENGTH + 500)));
    expect(text).toHaveLength(MAX_TEXT_LENGTH);
  });

  it('reports a corrupt PDF as UNREADABLE_FILE', async () => {
    const err = await extractionError(extractText('pdf', CORRUPT_PDF));
    expect(err.code).toBe('UNREADABLE_FILE');
    expect(err.message).toMatch(/PDF/);
  });

  it('reports a zip that is not a DOCX as UNREADABLE_FILE', async () => {
    const zip = makeZip({ 'hello.txt': 'not a word document' });
    expect((await extractionError(extractText('docx', zip))).code).toBe('UNREADABLE_FILE');
  });

  it('reports random bytes given as DOCX as UNREADABLE_FILE', async () => {
    expect((await extractionError(extractText('docx', Buffer.from('garbage')))).code).toBe('UNREADABLE_FILE');
  });

  it('reports documents without text as EMPTY_FILE', async () => {
    expect((await extractionError(extractText('txt', Buffer.from(' \n\t\n')))).code).toBe('EMPTY_FILE');
    expect((await extractionError(extractText('pdf', await makePdf([])))).code).toBe('EMPTY_FILE');
    expect((await extractionError(extractText('pdf', await makePdf(['   '])))).code).toBe('EMPTY_FILE');
    expect((await extractionError(extractText('docx', await makeDocx(['', ' '])))).code).toBe('EMPTY_FILE');
  });
});

describe('extractText on hostile documents', () => {
  it('refuses a DOCX that inflates past the limit, whatever its headers claim', async () => {
    const err = await extractionError(extractText('docx', docxBomb(), { maxDecompressedBytes: 20 * 1024 * 1024 }));
    expect(err).toMatchObject({ code: 'UNREADABLE_FILE', message: 'The document is too large when decompressed.' });
  });

  it('reads the same kind of DOCX when it fits in the limit', async () => {
    expect(await extractText('docx', docxBomb(200_000), { maxDecompressedBytes: 1024 * 1024 })).toBe('bomb@example.com');
    await expect(extractText('docx', docxBomb(200_000), { maxDecompressedBytes: 100_000 })).rejects.toMatchObject({ code: 'UNREADABLE_FILE' });
  });

  it('reads a PDF whose content stream is mostly blanks', async () => {
    expect(await extractText('pdf', pdfBomb(2 * 1024 * 1024))).toBe('Pdf Bomb pdf.bomb@example.com');
  });

  it('keeps a text file of separators and blanks small and readable', async () => {
    const text = await extractText('txt', Buffer.from(`Ada Lovelace${'\u2028 \u2029\t\u0085'.repeat(100_000)}ada@example.com`));
    expect(text).toBe('Ada Lovelace\n\nada@example.com');
  });

  it('caps the raw text before normalising it', async () => {
    const text = await extractText('txt', Buffer.from(`Ada${' '.repeat(MAX_RAW_TEXT_LENGTH)}ada@example.com`));
    expect(text).toBe('Ada');
  });
});

describe('normaliseText', () => {
  it('turns CR and CRLF into LF, collapses blanks and trims line ends', () => {
    expect(normaliseText('  a\r\nb\rc \u00a0 d \n\n\n\ne\u0000f ')).toBe('a\nb\nc d\n\nef');
  });

  it('treats the Unicode line and paragraph separators and NEL as line breaks', () => {
    expect(normaliseText('a\u2028b\u2029c\u0085d')).toBe('a\nb\nc\nd');
    expect(normaliseText(`a${'\u2028'.repeat(40_000)}b`)).toBe('a\n\nb');
  });

  it('leaves no run of whitespace longer than two characters', () => {
    const blanks = ' \t\f\v\r\n\u00a0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000\ufeff\u0085';
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const raw = Array.from({ length: 50_000 }, () => (random() < 0.9 ? blanks[Math.floor(random() * blanks.length)] : 'x')).join('');
    expect(normaliseText(raw)).not.toMatch(/\s{3}/);
  });

  it('drops invisible characters that would split words', () => {
    expect(normaliseText('Ty\u00adpe\ufeffScript\u0000')).toBe('TypeScript');
  });
});

describe('withTimeout', () => {
  it('rejects with the given error when the work does not settle in time', async () => {
    const never = new Promise<string>(() => undefined);
    const err = await extractionError(withTimeout(never, 10, () => new CvExtractionError('UNREADABLE_FILE', 'slow')));
    expect(err.message).toBe('slow');
  });

  it('passes through the result of work that settles in time', async () => {
    await expect(withTimeout(Promise.resolve(42), 1000, () => new Error('late'))).resolves.toBe(42);
  });
});
