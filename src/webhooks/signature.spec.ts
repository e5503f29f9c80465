import { createHmac } from 'node:crypto';
import {
  SIGNATURE_HEADER,
  SIGNATURE_TOLERANCE_SECONDS,
  parseSignatureHeader,
  signPayload,
  verifySignature,
} from './signature';

const SECRET = 'whsec_test';
const BODY = '{"event":"interview.completed","id":"evt_1"}';
const T = 1_700_000_000;
const HEX = 'a'.repeat(64);

function v1Of(header: string): string {
  const match = /v1=([0-9a-f]{64})/.exec(header);
  if (!match) throw new Error(`no v1 in ${header}`);
  return match[1];
}

describe('webhook signature', () => {
  it('exports the header name and the 5-minute tolerance', () => {
    expect(SIGNATURE_HEADER).toBe('X-Hirevision-Signature');
    expect(SIGNATURE_TOLERANCE_SECONDS).toBe(300);
  });

  it('matches a known test vector', () => {
    const expected = createHmac('sha256', 'whsec_test').update('1700000000.{"a":1}').digest('hex');
    const header = signPayload('whsec_test', '{"a":1}', 1700000000);
    expect(header).toBe(`t=1700000000,v1=${expected}`);
    expect(header).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
  });

  it('round-trips sign and verify', () => {
    const header = signPayload(SECRET, BODY, T);
    expect(verifySignature(header, BODY, [SECRET], T)).toEqual({ ok: true, signature: v1Of(header) });
  });

  it('gives the same signature for Buffer and string bodies (including non-ASCII)', () => {
    const body = '{"name":"Zoë Ångström","emoji":"🎉"}';
    const fromString = signPayload(SECRET, body, T);
    const fromBuffer = signPayload(SECRET, Buffer.from(body, 'utf8'), T);
    expect(fromBuffer).toBe(fromString);
    expect(verifySignature(fromString, Buffer.from(body, 'utf8'), [SECRET], T).ok).toBe(true);
  });

  it('rejects a tampered body', () => {
    const header = signPayload(SECRET, BODY, T);
    expect(verifySignature(header, BODY.replace('evt_1', 'evt_2'), [SECRET], T)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature(header, `${BODY} `, [SECRET], T)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('rejects a wrong secret', () => {
    const header = signPayload('whsec_other', BODY, T);
    expect(verifySignature(header, BODY, [SECRET], T)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('rejects a signature whose timestamp was altered', () => {
    const header = signPayload(SECRET, BODY, T).replace(`t=${T}`, `t=${T + 10}`);
    expect(verifySignature(header, BODY, [SECRET], T + 10)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('accepts the second secret during rotation', () => {
    const header = signPayload('whsec_new', BODY, T);
    expect(verifySignature(header, BODY, ['whsec_old', 'whsec_new'], T)).toEqual({ ok: true, signature: v1Of(header) });
  });

  it('ignores empty secrets instead of matching an empty-key HMAC', () => {
    const forged = `t=${T},v1=${createHmac('sha256', '').update(`${T}.${BODY}`).digest('hex')}`;
    expect(verifySignature(forged, BODY, ['', SECRET], T)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature(forged, BODY, [], T)).toEqual({ ok: false, reason: 'mismatch' });
    expect(() => signPayload('', BODY, T)).toThrow(RangeError);
  });

  it('enforces the timestamp tolerance in both directions', () => {
    const header = signPayload(SECRET, BODY, T);
    expect(verifySignature(header, BODY, [SECRET], T + 301)).toEqual({ ok: false, reason: 'expired' });
    expect(verifySignature(header, BODY, [SECRET], T + 300).ok).toBe(true);
    expect(verifySignature(header, BODY, [SECRET], T + 299).ok).toBe(true);
    expect(verifySignature(header, BODY, [SECRET], T - 299).ok).toBe(true);
    expect(verifySignature(header, BODY, [SECRET], T - 301)).toEqual({ ok: false, reason: 'expired' });
    expect(verifySignature(header, BODY, [SECRET], T + 5, 4)).toEqual({ ok: false, reason: 'expired' });
    expect(verifySignature(header, BODY, [SECRET], T + 5, 5).ok).toBe(true);
  });

  it('reports a missing header', () => {
    expect(verifySignature(undefined, BODY, [SECRET], T)).toEqual({ ok: false, reason: 'missing' });
    expect(verifySignature('', BODY, [SECRET], T)).toEqual({ ok: false, reason: 'missing' });
    expect(verifySignature('   ', BODY, [SECRET], T)).toEqual({ ok: false, reason: 'missing' });
  });

  it.each([
    ['missing t', `v1=${HEX}`],
    ['missing v1', `t=${T}`],
    ['only an unknown scheme', `t=${T},v0=${HEX}`],
    ['non-hex v1', `t=${T},v1=${'g'.repeat(64)}`],
    ['upper-case hex', `t=${T},v1=${'A'.repeat(64)}`],
    ['short hex', `t=${T},v1=${'a'.repeat(63)}`],
    ['long hex', `t=${T},v1=${'a'.repeat(65)}`],
    ['non-digit t', `t=17e8,v1=${HEX}`],
    ['negative t', `t=-1,v1=${HEX}`],
    ['13-digit t', `t=1700000000000,v1=${HEX}`],
    ['empty t', `t=,v1=${HEX}`],
    ['garbage', 'not a signature'],
    ['lone comma', ','],
    ['empty segment', `t=${T},,v1=${HEX}`],
    ['key without value separator', `t=${T},v1`],
    ['empty key', `t=${T},=${HEX},v1=${HEX}`],
    ['duplicated t', `t=${T},t=${T + 1},v1=${HEX}`],
    ['duplicated identical t', `t=${T},t=${T},v1=${HEX}`],
    ['six v1 values', `t=${T},${Array.from({ length: 6 }, () => `v1=${HEX}`).join(',')}`],
    ['header over 1000 chars', `t=${T},v1=${HEX},x=${'y'.repeat(1000)}`],
  ])('treats %s as malformed', (_label, header) => {
    expect(parseSignatureHeader(header)).toBeNull();
    expect(verifySignature(header, BODY, [SECRET], T)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('parses valid headers, ignoring unknown schemes and surrounding spaces', () => {
    expect(parseSignatureHeader(`t=${T},v0=zzz,v1=${HEX}`)).toEqual({ timestamp: T, signatures: [HEX] });
    expect(parseSignatureHeader(`v1=${HEX}, t=${T}`)).toEqual({ timestamp: T, signatures: [HEX] });
    expect(parseSignatureHeader(`t=0,v1=${HEX}`)).toEqual({ timestamp: 0, signatures: [HEX] });
    const five = Array.from({ length: 5 }, (_, i) => String(i).repeat(64));
    expect(parseSignatureHeader(`t=${T},${five.map((s) => `v1=${s}`).join(',')}`)).toEqual({ timestamp: T, signatures: five });
    expect(parseSignatureHeader(undefined)).toBeNull();
  });

  it('accepts a header exactly at the 1000-char limit', () => {
    const prefix = `t=${T},v1=${HEX},x=`;
    const header = prefix + 'y'.repeat(1000 - prefix.length);
    expect(header).toHaveLength(1000);
    expect(parseSignatureHeader(header)).toEqual({ timestamp: T, signatures: [HEX] });
  });

  it('accepts multiple v1 values where one matches and returns the matching one', () => {
    const header = signPayload(SECRET, BODY, T);
    const good = v1Of(header);
    const combined = `t=${T},v1=${HEX},v1=${good},v1=${'b'.repeat(64)}`;
    expect(verifySignature(combined, BODY, [SECRET], T)).toEqual({ ok: true, signature: good });
  });

  it('refuses to sign timestamps the parser would reject', () => {
    expect(() => signPayload(SECRET, BODY, -1)).toThrow(RangeError);
    expect(() => signPayload(SECRET, BODY, 1.5)).toThrow(RangeError);
    expect(() => signPayload(SECRET, BODY, 1e12)).toThrow(RangeError);
    expect(signPayload(SECRET, BODY, 999_999_999_999)).toMatch(/^t=999999999999,v1=/);
  });
});
