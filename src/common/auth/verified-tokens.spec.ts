import { VerifiedTokens } from './verified-tokens';

describe('VerifiedTokens', () => {
  it('answers a stored payload until its exp second, then forgets it', () => {
    const tokens = new VerifiedTokens<{ sub: number; exp?: number }>();
    tokens.set('a', { sub: 1, exp: 1000 });
    expect(tokens.get('a', 999.9)).toEqual({ sub: 1, exp: 1000 });
    expect(tokens.get('a', 1000)).toBeUndefined();
    expect(tokens.get('a', 10)).toBeUndefined();
  });

  it('does not keep payloads without an expiry, and drops the oldest past its size', () => {
    const tokens = new VerifiedTokens<{ sub: number; exp?: number }>(2);
    tokens.set('forever', { sub: 1 });
    expect(tokens.get('forever', 0)).toBeUndefined();
    tokens.set('a', { sub: 1, exp: 100 });
    tokens.set('b', { sub: 2, exp: 100 });
    tokens.set('c', { sub: 3, exp: 100 });
    expect(tokens.get('a', 0)).toBeUndefined();
    expect(tokens.get('b', 0)?.sub).toBe(2);
    expect(tokens.get('c', 0)?.sub).toBe(3);
  });
});
