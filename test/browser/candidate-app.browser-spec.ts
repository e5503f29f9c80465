import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium } from 'playwright-core';
import { createTestApp, TestApp } from '../helpers/app';
import { createCandidate, createJob, createTenant, sendLink, TestTenant } from '../helpers/factories';
import { LocalS3, startLocalS3 } from '../helpers/s3';
import { PageServer, startPageServer } from './page-server';

/**
 * The candidate app's path in a real browser: headless Chromium opens the invite link on the candidate app's own
 * origin, and every call to the API (and the PUT to storage) is a cross-origin request that the browser subjects
 * to CORS, preflights included. Run with `npm run test:browser` (needs Chromium; CHROMIUM_PATH overrides the path).
 */

interface ApiCall {
  step: string;
  method: string;
  status: number;
  request_id: string | null;
}

interface CandidateResult {
  ok: boolean;
  error?: string;
  calls: ApiCall[];
  info?: { candidate_first_name: string; question_count: number; consent: { required: boolean } };
  answered?: number;
  closing?: string;
  size?: number;
  sha256?: string;
  presign?: { presigned_url: string; url: string; key: string };
  put?: { status: number; content_type: string | null; body: string };
  report?: unknown;
}

type ProbeOutcome = { outcome: 'answered'; status: number } | { outcome: 'refused'; error: string };
type ProbeResult = Record<'info' | 'consent' | 'presign' | 'upload', ProbeOutcome>;

/** What reached the API's socket: the preflights the browser sent, and the requests it let through. */
interface SeenRequest {
  method: string;
  path: string;
  origin?: string;
  preflightMethod?: string;
  preflightHeaders: string[];
}

interface RunningApi {
  t: TestApp;
  base: string;
  seen: SeenRequest[];
}

const RECORDING_BYTES = 200_000;
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const REFUSED = { outcome: 'refused', error: 'TypeError: Failed to fetch' };

/** The API on a real loopback port, allowing only `site` as a browser origin, with dev links pointing at itself. */
async function startApi(site: PageServer, env: Record<string, string> = {}): Promise<RunningApi> {
  // The port is held until the API takes it over: PUBLIC_URL (written into dev upload URLs) must name it.
  const reserved = createServer();
  await new Promise<void>((resolve, reject) => reserved.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = reserved.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  let t: TestApp;
  try {
    t = await createTestApp({ CORS_ORIGINS: site.origin, FRONTEND_URL: site.origin, PUBLIC_URL: base, ...env });
  } finally {
    await new Promise((resolve) => reserved.close(resolve));
  }
  await t.app.listen(port, '127.0.0.1');
  const seen: SeenRequest[] = [];
  t.app.getHttpServer().on('request', (req: IncomingMessage) => {
    const header = (name: string) => (typeof req.headers[name] === 'string' ? (req.headers[name] as string) : undefined);
    seen.push({
      method: req.method ?? '',
      path: (req.url ?? '').split('?')[0],
      origin: header('origin'),
      preflightMethod: header('access-control-request-method'),
      preflightHeaders: (header('access-control-request-headers') ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean),
    });
  });
  return { t, base, seen };
}

describe('candidate app in a browser, from its own origin', () => {
  let browser: Browser;
  let site: PageServer;
  let foreign: PageServer;

  beforeAll(async () => {
    [site, foreign] = await Promise.all([startPageServer(), startPageServer()]);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await foreign?.close();
  });

  /** Opens `url` in a fresh browser context (its own preflight cache) and returns what the page wrote to `#result`. */
  async function runPage<T>(url: string): Promise<{ result: T; consoleLines: string[]; greeting: string | null }> {
    const context = await browser.newContext();
    const consoleLines: string[] = [];
    try {
      const page = await context.newPage();
      page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
      page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`));
      await page.goto(url);
      await page.waitForSelector('body[data-state]', { timeout: 30_000 }).catch((e: Error) => {
        throw new Error(`${url}: ${e.message}\n${consoleLines.join('\n')}`);
      });
      const result = JSON.parse((await page.textContent('#result')) ?? 'null') as T;
      const greeting = await page.$('#greeting');
      return { result, consoleLines, greeting: greeting && (await greeting.textContent()) };
    } finally {
      await context.close();
    }
  }

  const pointPagesAt = (api: RunningApi) => {
    site.apiBase = api.base;
    foreign.apiBase = api.base;
  };

  /** Both storage back ends run the same checks; only where the bytes go differs. */
  function candidatePath(storage: 'dev' | 's3'): void {
    let api: RunningApi;
    let s3: LocalS3 | undefined;
    let acme: TestTenant;
    let jobId: number;

    beforeAll(async () => {
      if (storage === 's3') {
        s3 = await startLocalS3('hirevision-media', {
          cors: [{ allowedOrigins: [site.origin], allowedMethods: ['PUT', 'GET'], allowedHeaders: ['content-type'], exposeHeaders: ['ETag'], maxAgeSeconds: 600 }],
        });
      }
      api = await startApi(site, s3?.env);
      pointPagesAt(api);
      acme = await createTenant(api.t.http, 'Acme');
      jobId = (await createJob(api.t.http, acme.recruiter, { title: 'Backend Engineer', skills: ['TypeScript', 'PostgreSQL', 'Kafka'] })).id;
    }, 60_000);

    afterAll(async () => {
      await api?.t.close();
      await s3?.stop();
    });

    const invite = async (name = 'Grace Hopper') => {
      const candidate = await createCandidate(api.t.http, acme.recruiter, jobId, { name });
      return sendLink(api.t.http, acme.recruiter, candidate.id);
    };
    const preflights = (origin: string) => api.seen.filter((r) => r.method === 'OPTIONS' && r.origin === origin);
    const requestsFrom = (origin: string) => api.seen.filter((r) => r.method !== 'OPTIONS' && r.origin === origin);

    it('plays the e-mailed link to the end and uploads the recording, through real CORS preflights', async () => {
      const { link, token, interview_id } = await invite();
      expect(link).toBe(`${site.origin}/interview#token=${token}`);

      const { result, consoleLines, greeting } = await runPage<CandidateResult>(link);
      if (!result.ok) throw new Error(`the page failed: ${result.error}\n${consoleLines.join('\n')}`);

      expect(greeting).toBe('Hello Grace, welcome to Acme');
      expect(result.answered).toBe(result.info?.question_count);
      expect(result.closing).toEqual(expect.any(String));
      // Exposed through CORS, so the page can quote it in a support request.
      for (const call of result.calls.filter((c) => c.step !== 'upload')) expect(call).toEqual({ step: call.step, method: expect.any(String), status: 200, request_id: expect.any(String) });
      expect(result.report).toEqual({ ok: true });
      const { key, presigned_url } = result.presign ?? { key: '', presigned_url: '' };
      expect(key).toMatch(new RegExp(`^${acme.tenantId}/${interview_id}/[0-9a-f-]{36}\\.webm$`));
      expect(result.put?.status).toBe(200);
      if (storage === 'dev') {
        expect(presigned_url.startsWith(`${api.base}/dev-upload/${key}?`)).toBe(true);
        expect(JSON.parse(result.put?.body ?? '')).toEqual({ key, size_bytes: RECORDING_BYTES });
      } else {
        expect(presigned_url.startsWith(`${s3?.endpoint}/${s3?.bucket}/${key}?`)).toBe(true);
      }

      // The browser preflighted each JSON POST and the PUT (a non-simple Content-Type); the GET went straight through.
      const fromSite = preflights(site.origin);
      const pub = `/api/v1/public/interviews/${token}`;
      for (const path of [`${pub}/consent`, `${pub}/start`, `${pub}/messages`, '/api/v1/tokens/presign-upload', '/api/v1/metrics/log-upload']) {
        expect(fromSite).toContainEqual(expect.objectContaining({ path, preflightMethod: 'POST', preflightHeaders: expect.arrayContaining(['content-type']) }));
      }
      expect(fromSite).toContainEqual(expect.objectContaining({ path: `${pub}/messages`, preflightHeaders: expect.arrayContaining(['content-type', 'idempotency-key']) }));
      expect(fromSite.filter((r) => r.path === pub)).toEqual([]);
      if (storage === 'dev') {
        expect(fromSite).toContainEqual(expect.objectContaining({ path: `/dev-upload/${key}`, preflightMethod: 'PUT', preflightHeaders: ['content-type'] }));
        expect(requestsFrom(site.origin)).toContainEqual(expect.objectContaining({ method: 'PUT', path: `/dev-upload/${key}` }));
      } else {
        expect(api.seen.filter((r) => r.path.startsWith('/dev-upload/'))).toEqual([]);
      }

      // The recruiter sees a completed interview with every answer and the recording, byte for byte.
      const interview = await api.t.http.get(`/api/v1/interviews/${interview_id}`).set(acme.recruiter.auth).expect(200);
      expect(interview.body.status).toBe('completed');
      const conversation = await api.t.http.get(`/api/v1/conversation/${interview_id}`).set(acme.recruiter.auth).expect(200);
      expect(conversation.body.filter((m: { role: string }) => m.role === 'user')).toHaveLength(result.info?.question_count ?? -1);
      const uploads = await api.t.http.get(`/api/v1/interviews/${interview_id}/uploads`).set(acme.recruiter.auth).expect(200);
      expect(uploads.body).toEqual([expect.objectContaining({ key, status: 'uploaded', size_bytes: RECORDING_BYTES, content_type: 'audio/webm', kind: 'audio' })]);
      const stored = await fetch(uploads.body[0].download_url);
      expect(stored.status).toBe(200);
      const bytes = Buffer.from(await stored.arrayBuffer());
      expect(bytes.length).toBe(RECORDING_BYTES);
      expect(sha256(bytes)).toBe(result.sha256);
    }, 60_000);

    it('refuses a page from an origin outside CORS_ORIGINS: nothing readable, nothing written', async () => {
      const presignFor = async (token: string) =>
        (await api.t.http.post('/api/v1/tokens/presign-upload').send({ token, file_name: 'answer.webm', content_type: 'audio/webm' }).expect(200)).body as {
          presigned_url: string;
          key: string;
        };
      const probeUrl = (server: PageServer, token: string, put: string) => `${server.origin}/probe#${new URLSearchParams({ token, put })}`;

      // The same probe from the allowed origin gets every answer: what follows is the origin's doing, not the probe's.
      const allowed = await invite('Ada Allowed');
      const allowedPut = await presignFor(allowed.token);
      const control = await runPage<ProbeResult>(probeUrl(site, allowed.token, allowedPut.presigned_url));
      expect(control.result).toEqual({
        info: { outcome: 'answered', status: 200 },
        consent: { outcome: 'answered', status: 200 },
        presign: { outcome: 'answered', status: 200 },
        upload: { outcome: 'answered', status: 200 },
      });

      const target = await invite('Eve Elsewhere');
      const put = await presignFor(target.token);
      const { result, consoleLines } = await runPage<ProbeResult>(probeUrl(foreign, target.token, put.presigned_url));
      expect(result).toEqual({ info: REFUSED, consent: REFUSED, presign: REFUSED, upload: REFUSED });
      // Chromium's own account: the GET's answer lacked the allow-origin header, the others failed at their preflight.
      const pub = `/api/v1/public/interviews/${target.token}`;
      const blocked = (url: string) => consoleLines.find((line) => line.includes(`Access to fetch at '${url}`) && line.includes('blocked by CORS policy')) ?? '';
      expect(blocked(`${api.base}${pub}'`)).toContain("No 'Access-Control-Allow-Origin' header");
      expect(blocked(`${api.base}${pub}'`)).not.toContain('preflight');
      for (const url of [`${api.base}${pub}/consent`, `${api.base}/api/v1/tokens/presign-upload`, put.presigned_url]) {
        expect(blocked(url)).toContain('Response to preflight request');
      }

      // The simple GET reached the API (the browser only withheld the answer); the preflighted requests never left the browser.
      expect(requestsFrom(foreign.origin)).toEqual([expect.objectContaining({ method: 'GET', path: pub })]);
      expect(preflights(foreign.origin).map((r) => r.path)).toEqual(
        expect.arrayContaining([`${pub}/consent`, '/api/v1/tokens/presign-upload', ...(storage === 'dev' ? [`/dev-upload/${put.key}`] : [])]),
      );
      const info = await api.t.http.get(pub).expect(200);
      expect(info.body.consent).toMatchObject({ given: false });
      const uploads = await api.t.http.get(`/api/v1/interviews/${target.interview_id}/uploads`).set(acme.recruiter.auth).expect(200);
      expect(uploads.body).toEqual([expect.objectContaining({ key: put.key, status: 'presigned' })]);
      // The one-time URL is still unused: the refused PUT was never sent.
      const direct = await fetch(put.presigned_url, { method: 'PUT', headers: { 'Content-Type': 'audio/webm' }, body: Buffer.alloc(16) });
      expect(direct.status).toBe(200);
    }, 60_000);
  }

  describe('with the dev presign (PUT /dev-upload on the API)', () => candidatePath('dev'));
  describe('with S3 (s3rver, bucket CORS for the candidate app)', () => candidatePath('s3'));
});
