import { createHash, randomBytes } from 'node:crypto';

/** A URL-safe random secret of `bytes` random bytes (default 32). */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** Tokens are stored only as their SHA-256: a leaked table holds nothing usable. */
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');
