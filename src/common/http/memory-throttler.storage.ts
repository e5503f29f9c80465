import type { ThrottlerStorage } from '@nestjs/throttler';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

interface Window {
  hits: number;
  expiresAt: number;
  blockedUntil: number;
}

/**
 * Rate-limit counters of one process (no REDIS_URL): the same fixed window as the Redis storage's
 * script (count, expire `ttl` after the first hit, block for `blockDuration` past the limit), so the
 * limits behave alike with or without Redis, at O(1) per request. The throttler's built-in store keeps
 * every hit's expiry time and filters that list on each request, so a busy client's requests cost more
 * the more it sends.
 */
export class MemoryThrottlerStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();

  constructor(sweepIntervalMs = 60_000) {
    // Memory follows the clients seen in the last window, not every client ever seen.
    setInterval(() => this.sweep(), sweepIntervalMs).unref();
  }

  increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const now = Date.now();
    const id = `${key}:${throttlerName}`;
    let window = this.windows.get(id);
    if (!window) {
      window = { hits: 0, expiresAt: now + ttl, blockedUntil: 0 };
      this.windows.set(id, window);
    } else if (window.expiresAt <= now) {
      window.hits = 0;
      window.expiresAt = now + ttl;
    }
    window.hits++;
    if (window.blockedUntil <= now && window.hits > limit) window.blockedUntil = now + blockDuration;
    const isBlocked = window.blockedUntil > now;
    return Promise.resolve({
      totalHits: window.hits,
      timeToExpire: Math.ceil((window.expiresAt - now) / 1000),
      isBlocked,
      timeToBlockExpire: isBlocked ? Math.ceil((window.blockedUntil - now) / 1000) : 0,
    });
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, window] of this.windows) if (window.expiresAt <= now && window.blockedUntil <= now) this.windows.delete(id);
  }
}
