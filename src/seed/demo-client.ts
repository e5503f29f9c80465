/**
 * A small client for the API the seed drives over loopback, playing the admin SPA (a user's bearer token)
 * and the candidate app (an invite token). Each caller has its own user agent and address, sent as
 * X-Forwarded-For (the seed's app trusts one proxy hop), so the access log reads like real traffic.
 */

export class SeedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SeedError';
  }
}

export interface Caller {
  userAgent: string;
  ip: string;
  /** A user's access token; absent for the candidate app and public routes. */
  accessToken?: string;
}

export interface CallOptions {
  body?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
  /** Statuses that are not failures (default: any 2xx). */
  accept?: readonly number[];
}

export interface Reply<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** Candidate tokens travel in paths; they never appear in a message the seed prints. */
export function redactPath(path: string): string {
  return path.replace(/(\/public\/interviews\/)[^/?#]+/, '$1:token').replace(/([?&]token=)[^&#]+/, '$1…');
}

export class DemoClient {
  constructor(readonly baseUrl: string) {}

  async call<T = unknown>(caller: Caller, method: string, path: string, options: CallOptions = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = {
      'user-agent': caller.userAgent,
      'x-forwarded-for': caller.ip,
      accept: 'application/json',
      ...options.headers,
    };
    if (caller.accessToken) headers.authorization = `Bearer ${caller.accessToken}`;
    let body: string | FormData | undefined;
    if (options.form) body = options.form;
    else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const url = path.startsWith('http') ? path : `${this.baseUrl}/api/v1${path}`;
    const res = await fetch(url, { method, headers, body });
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    const parsed: unknown = type.includes('json') && text ? JSON.parse(text) : text;
    const accepted = options.accept ? options.accept.includes(res.status) : res.status >= 200 && res.status < 300;
    if (!accepted) {
      const error = (parsed as { error?: { code?: string; message?: string } } | null)?.error;
      const shown = path.startsWith('http') ? new URL(path).pathname : path;
      throw new SeedError(`${method} ${redactPath(shown)} answered ${res.status}${error ? ` ${error.code}: ${error.message}` : ''}`);
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  /** PUT of raw bytes to a presigned URL (this API's dev storage, or S3). */
  async putBytes(caller: Caller, url: string, bytes: Uint8Array, contentType: string): Promise<void> {
    const res = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': contentType, 'user-agent': caller.userAgent, 'x-forwarded-for': caller.ip },
      body: bytes,
    });
    await res.arrayBuffer();
    if (!res.ok) throw new SeedError(`PUT to the presigned upload URL answered ${res.status}`);
  }
}
