import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';

const DEFAULT_TIMEOUT_MS = 5000;
const MAX_RESPONSE_BYTES = 64 * 1024;
const BODY_SNIPPET_CHARS = 500;
const MAX_URL_LENGTH = 2048;
const USER_AGENT = 'Hirevision-Webhooks/1';
// Framing/routing headers are always ours: a caller value could desync the body or retarget the request.
const RESERVED_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);

export class UnsafeTargetError extends Error {
  constructor(readonly reason: string) {
    super(`unsafe webhook target: ${reason}`);
    this.name = 'UnsafeTargetError';
  }
}

export interface SafeTargetPolicy {
  /** Lower-case hostnames exempt from the address checks; scheme/credential checks still apply. */
  allowedHosts: string[];
}

export type HostLookup = (host: string) => Promise<Array<{ address: string; family: number }>>;

export interface ResolvedTarget {
  address: string;
  family: number;
}

export interface DeliveryResult {
  status: number;
  /** First 500 characters of the response body. */
  bodySnippet: string;
}

export interface SafePostOptions {
  timeoutMs?: number;
  lookup?: HostLookup;
}

export function validateWebhookUrl(raw: string): URL {
  if (typeof raw !== 'string' || raw.length === 0) throw new UnsafeTargetError('not a URL');
  if (raw.length > MAX_URL_LENGTH) throw new UnsafeTargetError('URL too long');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeTargetError('not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UnsafeTargetError(`scheme ${url.protocol} not allowed`);
  if (url.username !== '' || url.password !== '') throw new UnsafeTargetError('credentials in URL not allowed');
  if (url.hostname === '') throw new UnsafeTargetError('no hostname');
  if (url.port !== '') {
    const port = Number(url.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UnsafeTargetError('port out of range');
  }
  return url;
}

function parseIpv4(ip: string): number | null {
  if (isIP(ip) !== 4) return null;
  return ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

function parseIpv6(ip: string): bigint | null {
  let s = ip.toLowerCase();
  const lastColon = s.lastIndexOf(':');
  const last = s.slice(lastColon + 1);
  if (last.includes('.')) {
    const v4 = parseIpv4(last);
    if (v4 === null) return null;
    s = `${s.slice(0, lastColon + 1)}${Math.floor(v4 / 0x10000).toString(16)}:${(v4 % 0x10000).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] === '' ? [] : halves[0].split(':');
  const tail = halves.length === 2 && halves[1] !== '' ? halves[1].split(':') : [];
  let groups: string[];
  if (halves.length === 1) {
    groups = head;
  } else {
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return null;
    groups = [...head, ...Array<string>(missing).fill('0'), ...tail];
  }
  if (groups.length !== 8 || !groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

const IPV4_BLOCKED: Array<[string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4], // includes 255.255.255.255
];

const IPV4_RANGES = IPV4_BLOCKED.map(([base, prefix]) => {
  const size = 2 ** (32 - prefix);
  const start = parseIpv4(base) as number;
  return { start, end: start + size - 1 };
});

function isBlockedIpv4(value: number): boolean {
  return IPV4_RANGES.some((r) => value >= r.start && value <= r.end);
}

function ipv6Prefix(base: string, prefix: number): { base: bigint; shift: bigint } {
  const shift = BigInt(128 - prefix);
  return { base: (parseIpv6(base) as bigint) >> shift, shift };
}

const IPV6_BLOCKED = [
  ipv6Prefix('::', 96), // ::, ::1 and the deprecated IPv4-compatible ::a.b.c.d
  ipv6Prefix('64:ff9b::', 96), // NAT64 could reach any IPv4 address, including private ones
  ipv6Prefix('64:ff9b:1::', 48), // local-use NAT64
  ipv6Prefix('100::', 64), // discard-only
  ipv6Prefix('2001:db8::', 32),
  ipv6Prefix('fc00::', 7), // unique local, incl. fd00:ec2::254 (EC2 metadata)
  ipv6Prefix('fe80::', 10),
  ipv6Prefix('fec0::', 10), // deprecated site-local
  ipv6Prefix('ff00::', 8),
];
const IPV4_MAPPED = ipv6Prefix('::ffff:0:0', 96);
const IPV4_TRANSLATED = ipv6Prefix('::ffff:0:0:0', 96);
const SIX_TO_FOUR = ipv6Prefix('2002::', 16);

function matches(value: bigint, range: { base: bigint; shift: bigint }): boolean {
  return value >> range.shift === range.base;
}

function isBlockedIpv6(value: bigint): boolean {
  if (IPV6_BLOCKED.some((r) => matches(value, r))) return true;
  if (matches(value, IPV4_MAPPED) || matches(value, IPV4_TRANSLATED)) return isBlockedIpv4(Number(value & 0xffffffffn));
  // 6to4 embeds an IPv4 address in bits 16..47.
  if (matches(value, SIX_TO_FOUR)) return isBlockedIpv4(Number((value >> 80n) & 0xffffffffn));
  return false;
}

/** True for private, loopback, link-local, reserved, documentation and multicast addresses, and for anything unparseable. */
export function isBlockedAddress(ip: string): boolean {
  if (typeof ip !== 'string') return true;
  const version = isIP(ip);
  if (version === 4) {
    const value = parseIpv4(ip);
    return value === null || isBlockedIpv4(value);
  }
  if (version === 6) {
    // A zone id (fe80::1%eth0) only makes sense for link-local targets.
    if (ip.includes('%')) return true;
    const value = parseIpv6(ip);
    return value === null || isBlockedIpv6(value);
  }
  return true;
}

function bareHostname(url: URL): string {
  const host = url.hostname.toLowerCase();
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function isAllowedHost(host: string, policy: SafeTargetPolicy): boolean {
  // "example.com." and "example.com" name the same DNS host.
  const normalized = host.endsWith('.') ? host.slice(0, -1) : host;
  return policy.allowedHosts.some((allowed) => {
    const a = allowed.toLowerCase();
    return a === host || a === normalized;
  });
}

const defaultLookup: HostLookup = (host) => dnsLookup(host, { all: true, verbatim: true });

export async function resolveSafeTarget(
  url: URL,
  policy: SafeTargetPolicy,
  lookup: HostLookup = defaultLookup,
): Promise<ResolvedTarget> {
  const host = bareHostname(url);
  const allowed = isAllowedHost(host, policy);
  const literalFamily = isIP(host);
  if (literalFamily !== 0) {
    if (!allowed && isBlockedAddress(host)) throw new UnsafeTargetError(`address ${host} is not allowed`);
    return { address: host, family: literalFamily };
  }

  const addresses = await lookup(host);
  if (addresses.length === 0) throw new Error(`no addresses found for ${host}`);
  // Every answer is checked: a client could otherwise connect to any of them.
  for (const { address } of addresses) {
    if (isIP(address) === 0) throw new UnsafeTargetError(`invalid address ${String(address)} for ${host}`);
    if (!allowed && isBlockedAddress(address)) throw new UnsafeTargetError(`${host} resolves to blocked address ${address}`);
  }
  const first = addresses[0].address;
  return { address: first, family: isIP(first) };
}

/** A socket lookup that always answers with the already-validated address, so DNS cannot rebind between check and connect. */
function pinnedLookup(target: ResolvedTarget): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) {
      const all: LookupAddress[] = [{ address: target.address, family: target.family }];
      callback(null, all);
    } else {
      callback(null, target.address, target.family);
    }
  };
}

function buildHeaders(body: string, extra: Record<string, string>): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
  };
  for (const [name, value] of Object.entries(extra)) {
    const lower = name.toLowerCase();
    if (!RESERVED_HEADERS.has(lower)) headers[lower] = value;
  }
  headers['content-length'] = Buffer.byteLength(body, 'utf8');
  return headers;
}

function timeoutError(timeoutMs: number): Error {
  return new Error(`webhook delivery timed out after ${timeoutMs} ms`);
}

function send(url: URL, target: ResolvedTarget, body: string, headers: OutgoingHttpHeaders, timeoutMs: number, budgetMs: number): Promise<DeliveryResult> {
  return new Promise<DeliveryResult>((resolve, reject) => {
    let settled = false;
    const hostname = bareHostname(url);
    const isHttps = url.protocol === 'https:';
    const request = isHttps ? httpsRequest : httpRequest;
    const chunks: Buffer[] = [];
    let received = 0;

    const finish = (response: IncomingMessage | null, error: Error | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        req.destroy();
        reject(error);
        return;
      }
      // Stop reading: we have all we keep, and an endless body must not hold the socket open.
      response?.destroy();
      const text = Buffer.concat(chunks).toString('utf8');
      resolve({ status: response?.statusCode ?? 0, bodySnippet: text.slice(0, BODY_SNIPPET_CHARS) });
    };

    const req = request({
      protocol: url.protocol,
      hostname,
      port: url.port === '' ? undefined : Number(url.port),
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      headers,
      lookup: pinnedLookup(target),
      // SNI must be a DNS name (RFC 6066); the certificate is checked against the hostname, not the pinned address.
      ...(isHttps && isIP(hostname) === 0 ? { servername: hostname } : {}),
      // A fresh connection per delivery: a pooled socket would skip the per-call address check.
      agent: false,
    });
    const timer = setTimeout(() => finish(null, timeoutError(timeoutMs)), budgetMs);

    req.on('error', (err) => finish(null, err));
    req.on('response', (res) => {
      res.on('data', (chunk: Buffer) => {
        if (settled) return;
        const room = MAX_RESPONSE_BYTES - received;
        chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
        received += Math.min(chunk.length, room);
        if (received >= MAX_RESPONSE_BYTES) finish(res, null);
      });
      res.on('end', () => finish(res, null));
      res.on('error', (err) => finish(null, err));
      res.on('aborted', () => finish(null, new Error('webhook response aborted')));
    });
    req.end(body);
  });
}

/**
 * POSTs `body` to a validated, non-internal address. Never follows redirects: a 3xx is returned as its status.
 * Rejects with UnsafeTargetError for refused targets and with a "timed out" Error after timeoutMs.
 */
export async function safePost(
  rawUrl: string,
  body: string,
  headers: Record<string, string>,
  policy: SafeTargetPolicy,
  options: SafePostOptions = {},
): Promise<DeliveryResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const url = validateWebhookUrl(rawUrl);
  const outgoing = buildHeaders(body, headers);
  const startedAt = Date.now();

  let timer: NodeJS.Timeout | undefined;
  const target = await Promise.race([
    resolveSafeTarget(url, policy, options.lookup),
    new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(timeoutError(timeoutMs)), timeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));

  const remaining = Math.max(1, timeoutMs - (Date.now() - startedAt));
  return send(url, target, body, outgoing, timeoutMs, remaining);
}
