import { makePdf, makeZip } from '../../test/fixtures/documents';
import { docxBomb, pdfBomb, separatorResume } from '../../test/fixtures/hostile';
import { readUpload } from './cv-reader';
import { CvWorkerPool, CvWorkerPoolOptions } from './cv-worker-pool';

const MiB = 1024 * 1024;
const SKILLS = ['TypeScript'];
const TXT = Buffer.from('Ada Lovelace\nada@example.com\n8 years of TypeScript\n');

describe('CvWorkerPool', () => {
  const pools: CvWorkerPool[] = [];
  const pool = (options: Partial<CvWorkerPoolOptions> = {}) => {
    const created = new CvWorkerPool({ threads: 1, timeoutMs: 10_000, maxMemoryMb: 256, maxDecompressedBytes: 20 * MiB, ...options });
    pools.push(created);
    return created;
  };
  const read = (p: CvWorkerPool, fileName: string, buffer: Buffer) => p.read({ fileName, buffer, jobSkills: SKILLS });
  const tooSlow = { kind: 'failed', code: 'UNREADABLE_FILE', message: 'The document took too long to read.' };
  const tooBig = { kind: 'failed', code: 'UNREADABLE_FILE', message: 'The document needs too much memory to read.' };

  afterAll(async () => {
    await Promise.all(pools.map((p) => p.destroy()));
  });

  it('reads résumés and contacts files in a worker thread, as the in-process reader does', async () => {
    const p = pool({ threads: 2 });
    const files: [string, Buffer][] = [
      ['ada.txt', TXT],
      ['ada.pdf', await makePdf(['Ada Lovelace', 'ada@example.com'])],
      ['contacts.csv', Buffer.from('name,email\nGrace Hopper,grace@example.com\n')],
      ['empty.txt', Buffer.alloc(0)],
      ['separators.txt', separatorResume()],
      ['bomb.docx', docxBomb()],
    ];
    for (const [name, buffer] of files) {
      const expected = await readUpload(name, buffer, { jobSkills: SKILLS, maxDecompressedBytes: 20 * MiB });
      expect(await read(p, name, buffer)).toEqual(expected);
    }
    expect(await read(p, 'separators.txt', separatorResume())).toMatchObject({ kind: 'resume', parsed: { email: 'mallory@example.com' } });
    expect(await read(p, 'bomb.docx', docxBomb())).toEqual({ kind: 'failed', code: 'UNREADABLE_FILE', message: 'The document is too large when decompressed.' });
  });

  it('ends a file over the time limit and reads the next one on a fresh thread', async () => {
    const p = pool({ timeoutMs: 300 });
    expect(await read(p, 'slow.pdf', pdfBomb())).toEqual(tooSlow);
    expect(await read(p, 'ada.txt', TXT)).toMatchObject({ kind: 'resume', parsed: { email: 'ada@example.com' } });
  });

  it('starts the time limit when a thread picks the file up, not while it waits in the queue', async () => {
    const p = pool({ threads: 1, timeoutMs: 400 });
    const [slow, queued] = await Promise.all([read(p, 'slow.pdf', pdfBomb()), read(p, 'ada.txt', TXT)]);
    expect(slow).toEqual(tooSlow);
    expect(queued).toMatchObject({ kind: 'resume', parsed: { email: 'ada@example.com' } });
  });

  it('ends a PDF whose parser allocates past the memory limit outside the heap', async () => {
    const p = pool({ maxMemoryMb: 64, timeoutMs: 60_000 });
    expect(await read(p, 'huge.pdf', pdfBomb())).toEqual(tooBig);
    expect(await read(p, 'ada.txt', TXT)).toMatchObject({ kind: 'resume' });
  });

  it('reports a thread that runs out of heap and replaces it', async () => {
    const p = pool({ maxMemoryMb: 64, timeoutMs: 60_000 });
    const paragraphs = '<w:p><w:r><w:t>a</w:t></w:r></w:p>'.repeat(300_000);
    const docx = makeZip({ 'word/document.xml': `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paragraphs}</w:body></w:document>` });
    expect(await read(p, 'heavy.docx', docx)).toEqual(tooBig);
    expect(await read(p, 'ada.txt', TXT)).toMatchObject({ kind: 'resume' });
  });

  it('answers failed, without throwing, once destroyed', async () => {
    const p = pool();
    await p.destroy();
    expect(await read(p, 'ada.txt', TXT)).toMatchObject({ kind: 'failed', code: 'UNREADABLE_FILE' });
  });
});
