/**
 * Hostile bulk upload: /healthz latency while one 50-file upload of hostile résumés (line-separator
 * texts that made a pattern backtrack, DOCX zip bombs, PDFs that inflate to gigabytes) mixed with normal
 * ones is read, against /healthz at idle in the same run. Target: p99 < 100 ms during the upload, the
 * upload answered 200 with a per-file report.
 *
 *   npm run bench:hostile
 */
import { docxBomb, pdfBomb, separatorResume } from '../test/fixtures/hostile';
import { call, dbLabel, registerAdmin, run, withBenchApp } from './support';

const POLL_MS = 20;

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function pollHealth(base: string, until: () => boolean, minMs = 0): Promise<number[]> {
  const samples: number[] = [];
  const started = performance.now();
  while (!until() || performance.now() - started < minMs) {
    const t0 = performance.now();
    const res = await fetch(`${base}/healthz`);
    await res.arrayBuffer();
    samples.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return samples.sort((a, b) => a - b);
}

run(async () => {
  await withBenchApp({}, async ({ base, config }) => {
    const token = await registerAdmin(base);
    const job = await call(base, 'POST', '/api/v1/jobs', { title: 'Backend Engineer', description: 'Hostile upload', skills: ['TypeScript'] }, token);
    const form = new FormData();
    const kinds = { normal: 0, separators: 0, docx_bomb: 0, pdf_bomb: 0 };
    for (let i = 0; i < 50; i++) {
      const kind = (['normal', 'separators', 'docx_bomb', 'pdf_bomb'] as const)[i % 4];
      kinds[kind]++;
      const [name, bytes] =
        kind === 'normal'
          ? [`normal-${i}.txt`, Buffer.from(`Grace Hopper\ngrace.${i}@example.com\n5 years of TypeScript.\n`)]
          : kind === 'separators'
            ? [`separators-${i}.txt`, separatorResume(`sep.${i}@example.com`)]
            : kind === 'docx_bomb'
              ? [`bomb-${i}.docx`, docxBomb()]
              : [`bomb-${i}.pdf`, pdfBomb()];
      form.append('files', new Blob([new Uint8Array(bytes)]), name);
    }
    const idle = await pollHealth(base, () => true, 2000);

    let done = false;
    const t0 = performance.now();
    const upload = fetch(`${base}/api/v1/jobs/${job.id}/candidates/bulk-upload`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form }).then(async (res) => {
      const body = (await res.json()) as Record<string, unknown>;
      done = true;
      return { status: res.status, body, ms: performance.now() - t0 };
    });
    const busy = await pollHealth(base, () => done);
    const result = await upload;

    console.log(`hostile bulk upload on ${dbLabel(config)}, ${config.CV_PARSE_WORKERS} reader threads, files: ${JSON.stringify(kinds)}`);
    console.log(`upload: HTTP ${result.status} in ${Math.round(result.ms)} ms — total ${result.body.total}, created ${result.body.created}, failed ${result.body.failed}`);
    const row = (label: string, s: number[]) =>
      console.log(`/healthz ${label}: n=${s.length} p50 ${pct(s, 50).toFixed(1)} ms, p99 ${pct(s, 99).toFixed(1)} ms, max ${s[s.length - 1].toFixed(1)} ms`);
    row('idle  ', idle);
    row('upload', busy);
    console.log(`p99 during upload / idle p99: ${(pct(busy, 99) / pct(idle, 99)).toFixed(2)}× (target: p99 < 100 ms → ${pct(busy, 99) < 100 ? 'met' : 'NOT met'})`);
  });
});
