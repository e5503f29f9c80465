import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox('a-configured-secret-of-some-length-0123456789', 'outbox');

  it('round-trips, with a fresh nonce each time', () => {
    const url = 'https://app.example/interview#token=abc_DEF-123';
    const a = box.seal(url);
    const b = box.seal(url);
    expect(a).not.toBe(b);
    expect(a).not.toContain('abc_DEF');
    expect(box.open(a)).toBe(url);
    expect(box.open(b)).toBe(url);
  });

  it('refuses tampered, truncated, foreign and other-purpose ciphertexts', () => {
    const sealed = box.seal('secret');
    const flipped = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(box.open(flipped)).toBeNull();
    expect(box.open(sealed.slice(0, 20))).toBeNull();
    expect(box.open('v2.' + sealed.slice(3))).toBeNull();
    expect(box.open('garbage')).toBeNull();
    expect(new SecretBox('another-secret-another-secret-0123456789', 'outbox').open(sealed)).toBeNull();
    expect(new SecretBox('a-configured-secret-of-some-length-0123456789', 'webhooks').open(sealed)).toBeNull();
  });
});
