import { join } from 'node:path';
import { startCommand } from '../../helpers/start-command';
import { Child, freePort, waitUntil } from './processes';

export const JWT_SECRET = 'fault-suite-secret-fault-suite-secret-0123456789';

/** What every API process of the suite runs with; a scenario adds its database, Redis or storage. */
const BASE_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'info',
  JWT_SECRET,
  RATE_LIMIT_PUBLIC: '1000000',
  RATE_LIMIT_API: '1000000',
  RATE_LIMIT_AUTH: '1000000',
  DOCS_ENABLED: 'false',
  RETENTION_CRON: 'off',
};

export interface LogLine {
  level: number;
  msg?: string;
  context?: string;
  time: number;
  [field: string]: unknown;
}

/** The compiled API (see global-setup) as a process of its own, on a free port. */
export class ApiProcess {
  private constructor(
    readonly child: Child,
    readonly port: number,
    readonly url: string,
  ) {}

  static async start(name: string, env: Record<string, string>, port?: number): Promise<ApiProcess> {
    const build = process.env.HV_FAULTS_BUILD;
    if (!build) throw new Error('HV_FAULTS_BUILD is not set: run the fault suite with `npm run test:faults`');
    const listen = port ?? (await freePort());
    // As `npm start` runs it, with only what the API needs: none of the caller's DATABASE_URL, REDIS_URL or S3_* leaks in.
    const start = startCommand();
    const processEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...start.env, ...BASE_ENV, PORT: String(listen), ...env };
    const child = Child.start(name, process.execPath, [...start.flags, join(build, 'src', 'main.js')], { cwd: build, env: processEnv });
    const api = new ApiProcess(child, listen, `http://127.0.0.1:${listen}`);
    try {
      await api.waitHealthy(120_000);
    } catch (e) {
      await child.stop('SIGKILL');
      throw e;
    }
    return api;
  }

  get pid(): number {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.running;
  }

  /** Waits for `GET /healthz` to answer 200 (fails at once when the process exits). */
  async waitHealthy(timeoutMs: number): Promise<number> {
    const started = Date.now();
    await waitUntil(
      async () => {
        if (!this.child.running) throw new Error('exited');
        const res = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(3000) });
        return res.status === 200 ? true : undefined;
      },
      timeoutMs,
      () => `${this.child.name} did not become healthy${this.child.running ? '' : ' (it exited)'}; its last output:\n${this.child.tail(40)}`,
      200,
    ).catch((e: Error) => {
      if (!this.child.running) throw new Error(`${this.child.name} exited before it was healthy; its last output:\n${this.child.tail(40)}`);
      throw e;
    });
    return Date.now() - started;
  }

  /** The JSON log lines written so far (other output, e.g. a library printing to stderr, is skipped). */
  logLines(): LogLine[] {
    const lines: LogLine[] = [];
    for (const line of this.child.logs().split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        lines.push(JSON.parse(line) as LogLine);
      } catch {
        // a line cut by the kill
      }
    }
    return lines;
  }

  stop(signal: NodeJS.Signals = 'SIGTERM') {
    return this.child.stop(signal);
  }
}

export interface HttpResult {
  status: number | 'error' | 'timeout';
  body?: unknown;
  headers?: Headers;
  start: number;
  end: number;
  error?: string;
}

/** One request with a deadline; a refused connection or a timeout is a result, not an exception. */
export async function http(
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<HttpResult> {
  const start = Date.now();
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    return { status: res.status, body, headers: res.headers, start, end: Date.now() };
  } catch (e) {
    const err = e as Error;
    const timeout = err.name === 'TimeoutError' || err.name === 'AbortError';
    return { status: timeout ? 'timeout' : 'error', start, end: Date.now(), error: `${err.message}${err.cause ? `: ${String((err.cause as Error).message ?? err.cause)}` : ''}` };
  }
}

/** Registers an organization and returns its admin's bearer header. */
export async function registerAdmin(base: string, organization: string): Promise<{ Authorization: string }> {
  const email = `admin.${Date.now()}.${Math.random().toString(16).slice(2, 8)}@example.com`;
  const res = await http(base, 'POST', '/api/v1/auth/register', { body: { organization_name: organization, name: 'Ada Admin', email, password: 'correct horse battery' } });
  if (res.status !== 201) throw new Error(`register answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { Authorization: `Bearer ${(res.body as { access_token: string }).access_token}` };
}

/** Which readiness endpoint this build has: `/healthz/ready` when present, else `/healthz`. */
export async function readinessPath(base: string): Promise<string> {
  const res = await http(base, 'GET', '/healthz/ready');
  return res.status === 404 ? '/healthz' : '/healthz/ready';
}
