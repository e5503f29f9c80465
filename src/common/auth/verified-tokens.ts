/**
 * Access tokens this process has already verified, kept until they expire: a token's signature and JSON are
 * checked once, not on every request (they were about a twentieth of a read's CPU). Only verified tokens are
 * stored, so unverifiable ones cannot fill it; past `max` entries the oldest is dropped. Who the token's
 * user is, and their role, is still read on every request (see AuthUserCache).
 */
export class VerifiedTokens<P extends { exp?: number }> {
  private readonly entries = new Map<string, P>();

  constructor(private readonly max = 10_000) {}

  get(token: string, nowSeconds = Date.now() / 1000): P | undefined {
    const payload = this.entries.get(token);
    if (payload === undefined) return undefined;
    // The same rule as the verifier's: a token is expired from its `exp` second on.
    if (payload.exp === undefined || nowSeconds >= payload.exp) {
      this.entries.delete(token);
      return undefined;
    }
    return payload;
  }

  set(token: string, payload: P): void {
    if (payload.exp === undefined) return;
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(token, payload);
  }
}
