/**
 * Why a production secret is too weak to sign with, or null. A secret must not be a placeholder copied
 * from documentation, a repeated pattern, or carry too little entropy by its own character statistics
 * (a cheap estimate that an HS256 key guessed offline would otherwise reveal). `openssl rand -base64 48`
 * gives ≈ 280 bits by this estimate; 'x' × 40 gives 0.
 */
export function weakSecretReason(secret: string, minBits: number): string | null {
  if (KNOWN_PLACEHOLDERS.some((p) => p.test(secret))) return 'is a placeholder value';
  if (isPeriodic(secret)) return 'is a repeated pattern';
  const bits = estimatedBits(secret);
  if (bits < minBits) return `has too little entropy (≈${Math.floor(bits)} bits, at least ${minBits} needed; generate one with: openssl rand -base64 48)`;
  return null;
}

const KNOWN_PLACEHOLDERS: readonly RegExp[] = [
  /change[-_ .]?me/i,
  /replace[-_ .]?me/i,
  /^(?:your|my)[-_ ]/i,
  /\b(?:example|placeholder|default|secret|password|hirevision)\b/i,
  /^(?:test|dev|local)[-_]/i,
];

/** Shannon entropy of the character distribution × length. */
export function estimatedBits(secret: string): number {
  const chars = [...secret];
  const counts = new Map<string, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) {
    const p = n / chars.length;
    perChar -= p * Math.log2(p);
  }
  return perChar * chars.length;
}

/** True when the string repeats a shorter unit ("abcabcabc", "change-me-change-me-…"). */
function isPeriodic(s: string): boolean {
  for (let period = 1; period <= s.length / 2; period++) {
    let repeats = true;
    for (let i = period; i < s.length && repeats; i++) repeats = s[i] === s[i - period];
    if (repeats) return true;
  }
  return false;
}
