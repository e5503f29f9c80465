import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Hirevision-Signature';
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const MAX_HEADER_LENGTH = 1000;
const MAX_SIGNATURES = 5;
const TIMESTAMP_PATTERN = /^\d{1,12}$/;
const V1_PATTERN = /^[0-9a-f]{64}$/;

export interface ParsedSignature {
  timestamp: number;
  /** All v1 values: a sender may include several while rotating secrets. */
  signatures: string[];
}

export type VerifyOutcome =
  | { ok: true; signature: string }
  | { ok: false; reason: 'missing' | 'malformed' | 'expired' | 'mismatch' };

function computeV1(secret: string, rawBody: string | Buffer, timestampSeconds: number): string {
  return createHmac('sha256', secret)
    .update(`${timestampSeconds}.`, 'utf8')
    .update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody)
    .digest('hex');
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` */
export function signPayload(secret: string, rawBody: string | Buffer, timestampSeconds: number): string {
  // An empty key makes the HMAC computable by anyone.
  if (secret.length === 0) throw new RangeError('webhook signing secret must not be empty');
  // Keep signing within what parseSignatureHeader accepts, so we never emit an unverifiable header.
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0 || !TIMESTAMP_PATTERN.test(String(timestampSeconds))) {
    throw new RangeError('timestamp must be a non-negative integer of at most 12 digits');
  }
  return `t=${timestampSeconds},v1=${computeV1(secret, rawBody, timestampSeconds)}`;
}

/**
 * Returns null when the header is missing or malformed. Unknown schemes (e.g. v0=…) are ignored;
 * a repeated `t` is rejected because there is no unambiguous way to pick one.
 */
export function parseSignatureHeader(header: string | undefined): ParsedSignature | null {
  if (typeof header !== 'string' || header.length === 0 || header.length > MAX_HEADER_LENGTH) return null;
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const rawPart of header.split(',')) {
    const part = rawPart.trim();
    const eq = part.indexOf('=');
    if (eq <= 0) return null;
    const key = part.slice(0, eq);
    const value = part.slice(eq + 1);
    if (key === 't') {
      if (timestamp !== null || !TIMESTAMP_PATTERN.test(value)) return null;
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!V1_PATTERN.test(value) || signatures.length >= MAX_SIGNATURES) return null;
      signatures.push(value);
    }
  }
  if (timestamp === null || signatures.length === 0) return null;
  return { timestamp, signatures };
}

/**
 * Checks the timestamp tolerance in both directions, then compares every v1 value against every
 * candidate secret in constant time. On success returns the matching v1 value (for replay tracking).
 */
export function verifySignature(
  header: string | undefined,
  rawBody: string | Buffer,
  secrets: string[],
  nowSeconds: number,
  toleranceSeconds: number = SIGNATURE_TOLERANCE_SECONDS,
): VerifyOutcome {
  if (!Number.isFinite(toleranceSeconds) || toleranceSeconds < 0) throw new RangeError('toleranceSeconds must be >= 0');
  if (header === undefined || header.trim() === '') return { ok: false, reason: 'missing' };
  const parsed = parseSignatureHeader(header);
  if (!parsed) return { ok: false, reason: 'malformed' };
  if (!Number.isFinite(nowSeconds) || Math.abs(nowSeconds - parsed.timestamp) > toleranceSeconds) {
    return { ok: false, reason: 'expired' };
  }

  const candidates = parsed.signatures.map((s) => Buffer.from(s, 'ascii'));
  let matched: string | null = null;
  for (const secret of secrets) {
    // An empty secret would accept signatures anyone can forge.
    if (secret.length === 0) continue;
    const expected = Buffer.from(computeV1(secret, rawBody, parsed.timestamp), 'ascii');
    for (let i = 0; i < candidates.length; i++) {
      // Both are 64 ASCII bytes (enforced by the parser), as timingSafeEqual requires.
      if (timingSafeEqual(candidates[i], expected) && matched === null) matched = parsed.signatures[i];
    }
  }
  return matched === null ? { ok: false, reason: 'mismatch' } : { ok: true, signature: matched };
}
