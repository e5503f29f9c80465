/**
 * Dev upload throughput: streams a 50 MiB body through PUT /dev-upload/{key} (signature check, size
 * limit, write under DATA_DIR) and compares it with writing the same bytes straight to disk in this
 * process. Also samples RSS to show the body is streamed, not buffered.
 *
 *   npm run bench:upload
 */
import { createWriteStream } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { call, registerAdmin, run, withBenchApp } from './support';

const SIZE = 50 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 7);

function body(): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= SIZE) return void this.push(null);
      sent += CHUNK.length;
      this.push(CHUNK);
    },
  });
}

function put(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'PUT', headers: { 'content-type': 'video/webm', 'content-length': SIZE } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    body().pipe(req);
  });
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; peakRssDelta: number; result: T }> {
  const start = process.memoryUsage().rss;
  let peak = start;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  const result = await fn();
  const ms = performance.now() - t0;
  clearInterval(sampler);
  return { ms, peakRssDelta: peak - start, result };
}

run(() =>
  withBenchApp({ UPLOAD_MAX_BYTES: String(SIZE * 2) }, async ({ config, base }) => {
    const token = await registerAdmin(base);
    const job = await call(base, 'POST', '/api/v1/jobs', { title: 'Bench' }, token);
    const candidate = await call(base, 'POST', `/api/v1/jobs/${String(job.id)}/candidates`, { name: 'C', email: 'c@example.com' }, token);
    const link = await call(base, 'POST', `/api/v1/candidates/${String(candidate.id)}/send-link`, {}, token);
    const invite = String(link.link).split('#token=')[1];

    const mib = SIZE / 1024 / 1024;
    const disk = await timed(() => pipeline(body(), createWriteStream(join(config.DATA_DIR, 'baseline.bin'))));
    const runs = [];
    for (let i = 0; i < 3; i++) {
      const presign = await call(base, 'POST', '/api/v1/tokens/presign-upload', { token: invite, file_name: 'a.webm', content_type: 'video/webm' });
      // PUBLIC_URL names port 3000; the app listens on a free port here.
      const url = new URL(String(presign.presigned_url));
      url.host = new URL(base).host;
      const upload = await timed(() => put(url.toString()));
      if (upload.result !== 200) throw new Error(`upload answered ${upload.result}`);
      runs.push(upload);
    }
    const best = runs.reduce((a, b) => (a.ms < b.ms ? a : b));
    const fmt = (ms: number) => `${(mib / (ms / 1000)).toFixed(0)} MiB/s`;
    console.log(`body: ${mib} MiB streamed in 64 KiB chunks`);
    console.log(`baseline (stream to a file, same process): ${disk.ms.toFixed(0)} ms, ${fmt(disk.ms)}`);
    console.log(`PUT /dev-upload (best of 3):               ${best.ms.toFixed(0)} ms, ${fmt(best.ms)}; runs ${runs.map((r) => r.ms.toFixed(0)).join(' / ')} ms`);
    console.log(`ratio upload/baseline: ${(best.ms / disk.ms).toFixed(2)}x`);
    console.log(`peak RSS growth during an upload: ${(Math.max(...runs.map((r) => r.peakRssDelta)) / 1024 / 1024).toFixed(1)} MiB (body ${mib} MiB)`);
  }),
);
