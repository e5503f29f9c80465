/**
 * A 50-file bulk CV upload (real PDFs and DOCX files) through the HTTP API, against extracting and
 * parsing the same files in this process without HTTP or the database.
 *
 *   npm run bench:bulk
 */
import { parseResume } from '../src/cv-import/cv-parser';
import { sniffFileType } from '../src/cv-import/file-sniffer';
import { extractText } from '../src/cv-import/text-extractor';
import { makeDocx, makePdf } from '../test/fixtures/documents';
import { call, dbLabel, registerAdmin, run, withBenchApp } from './support';

const FILES = 50;
const SKILLS = ['TypeScript', 'PostgreSQL', 'Docker', 'Kafka', 'React', 'Python'];

async function resume(i: number): Promise<{ name: string; buffer: Buffer }> {
  const lines = [
    `Candidate Number${String.fromCharCode(65 + (i % 26))} Person`,
    `candidate${i}@example.com | +90 532 ${String(100 + i).padStart(3, '0')} 45 67`,
    `Software engineer with ${1 + (i % 15)} years of experience.`,
    `Skills: ${SKILLS.slice(0, 2 + (i % 4)).join(', ')}, Git, Linux.`,
    'Led a team of four; reduced latency by 35% and shipped weekly.',
    ...Array.from({ length: 20 }, (_, k) => `Project ${k + 1}: built services with ${SKILLS[k % SKILLS.length]} for a payments platform.`),
  ];
  return i % 2 ? { name: `cv-${i}.docx`, buffer: await makeDocx(lines) } : { name: `cv-${i}.pdf`, buffer: await makePdf(lines) };
}

run(() =>
  withBenchApp({ BULK_UPLOAD_MAX_FILES: String(FILES) }, async ({ config, base }) => {
    const files = await Promise.all(Array.from({ length: FILES }, (_, i) => resume(i)));
    const bytes = files.reduce((n, f) => n + f.buffer.length, 0);

    const parseAll = async (list: typeof files) => {
      for (const file of list) {
        const kind = sniffFileType(file.buffer, file.name);
        if (kind !== 'pdf' && kind !== 'docx') throw new Error(`unexpected kind ${kind}`);
        parseResume(await extractText(kind, file.buffer), SKILLS);
      }
    };
    await parseAll(files); // warm-up (the server's reader threads are warm for the second upload below)
    const t0 = performance.now();
    await parseAll(files);
    const baseline = performance.now() - t0;

    const token = await registerAdmin(base);
    const form = new FormData();
    for (const file of files) form.append('files', new Blob([new Uint8Array(file.buffer)]), file.name);
    // Each upload goes to a job of its own (the same résumés would be duplicates in one job). The first one
    // starts the reader threads (none run while no upload does); the second finds them started and warm.
    const upload = async (): Promise<number> => {
      const job = await call(base, 'POST', '/api/v1/jobs', { title: 'Software Engineer', skills: SKILLS }, token);
      const started = performance.now();
      const res = await fetch(`${base}/api/v1/jobs/${String(job.id)}/candidates/bulk-upload`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
      const report = (await res.json()) as { total: number; created: number; failed: number };
      const ms = performance.now() - started;
      if (res.status !== 200 || report.created !== FILES) throw new Error(`upload answered ${res.status}: ${JSON.stringify(report)}`);
      return ms;
    };
    const first = await upload();
    const warm = await upload();

    console.log(`${FILES} résumés (${FILES / 2} PDF, ${FILES / 2} DOCX, ${(bytes / 1024).toFixed(0)} KiB), ${dbLabel(config)}`);
    console.log(`extract + parse in process (baseline): ${baseline.toFixed(0)} ms (${(baseline / FILES).toFixed(1)} ms per file)`);
    console.log(`POST bulk-upload, first (threads start): ${first.toFixed(0)} ms (${(first / FILES).toFixed(1)} ms per file), ratio ${(first / baseline).toFixed(2)}x`);
    console.log(`POST bulk-upload, again (threads warm):  ${warm.toFixed(0)} ms (${(warm / FILES).toFixed(1)} ms per file), ratio ${(warm / baseline).toFixed(2)}x`);
  }),
);
