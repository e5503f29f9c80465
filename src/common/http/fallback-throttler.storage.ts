import { Logger, OnModuleDestroy } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import Redis from 'ioredis';
import { MemoryThrottlerStorage } from './memory-throttler.storage';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

export interface FallbackThrottlerStorageOptions {
  /** False while the shared store is known to be unreachable: answer from memory without asking it. */
  isAvailable?: () => boolean;
  /** Longest wait for the shared store's answer before the request is counted in memory. */
  timeoutMs: number;
  /** After a failure, how long requests are counted in memory before the shared store is asked again. */
  retryAfterMs: number;
  /** Releases the shared store's connection on shutdown. */
  close?: () => void;
  logger?: Pick<Logger, 'warn' | 'log'>;
}

class StorageTimeoutError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'StorageTimeoutError';
  }
}

/**
 * Rate-limit counters in a shared store (Redis) that never make a request wait on, or fail with, that
 * store: while it is unreachable, slow or erroring, each process counts in memory (the same fixed window,
 * so limits hold per instance), and goes back to the shared counters once it answers again. One warning
 * when an outage starts and one line when it ends, not one per request.
 */
export class FallbackThrottlerStorage implements ThrottlerStorage, OnModuleDestroy {
  private readonly logger: Pick<Logger, 'warn' | 'log'>;
  /** Set while counting in memory: since when, and when to ask the shared store again. */
  private outage: { since: number; retryAt: number } | undefined;

  constructor(
    private readonly shared: ThrottlerStorage,
    private readonly fallback: ThrottlerStorage,
    private readonly options: FallbackThrottlerStorageOptions,
  ) {
    this.logger = options.logger ?? new Logger('RateLimit');
  }

  /** True while requests are counted in memory. */
  get degraded(): boolean {
    return this.outage !== undefined;
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const fromMemory = () => this.fallback.increment(key, ttl, limit, blockDuration, throttlerName);
    if (this.outage && Date.now() < this.outage.retryAt) return fromMemory();
    if (this.options.isAvailable && !this.options.isAvailable()) {
      this.markDown('not connected');
      return fromMemory();
    }
    let record: ThrottlerStorageRecord;
    try {
      record = await this.withTimeout(this.shared.increment(key, ttl, limit, blockDuration, throttlerName));
    } catch (e) {
      this.markDown(e);
      return fromMemory();
    }
    this.markUp();
    return record;
  }

  /** Records a failure (a request's, or the connection's): the first one starts an outage and is logged. */
  markDown(reason: unknown): void {
    const now = Date.now();
    const retryAt = now + this.options.retryAfterMs;
    if (this.outage) {
      this.outage.retryAt = retryAt;
      return;
    }
    this.outage = { since: now, retryAt };
    this.logger.warn({ reason: reason instanceof Error ? reason.message : String(reason) }, 'rate-limit store unavailable; counting in memory per instance until it answers again');
  }

  onModuleDestroy(): void {
    this.options.close?.();
  }

  private markUp(): void {
    if (!this.outage) return;
    const ms = Date.now() - this.outage.since;
    this.outage = undefined;
    this.logger.log({ outage_ms: ms }, 'rate-limit store answers again; counting in it');
  }

  private withTimeout<T>(promise: Promise<T>): Promise<T> {
    const ms = this.options.timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new StorageTimeoutError(ms)), ms);
      timer.unref();
    });
    // A late answer or failure of a command already given up on must not surface as an unhandled rejection.
    promise.catch(() => undefined);
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}

export interface RedisThrottlerOptions {
  keyPrefix: string;
  timeoutMs: number;
  logger?: Pick<Logger, 'warn' | 'log'>;
}

/**
 * Counters shared through Redis, falling back to memory. Once the first connection attempt has settled,
 * Redis is asked only while the client is connected: a request never waits for a reconnection, and the
 * client keeps reconnecting in the background (ioredis' capped backoff). While that first attempt is
 * under way (start-up) a command waits for it, within the timeout, so the first requests are counted in
 * the shared store too. Connection errors are handled here rather than printed by ioredis on every attempt.
 */
export function redisThrottlerStorage(url: string, options: RedisThrottlerOptions): FallbackThrottlerStorage {
  const redis = new Redis(url, {
    keyPrefix: options.keyPrefix,
    maxRetriesPerRequest: 1,
    commandTimeout: options.timeoutMs,
    connectTimeout: Math.max(options.timeoutMs, 2000),
    // ioredis keeps this timer even when the socket is already closed (Redis down), holding shutdown that long.
    disconnectTimeout: 500,
  });
  let firstAttemptSettled = false;
  const storage = new FallbackThrottlerStorage(new ThrottlerStorageRedisService(redis), new MemoryThrottlerStorage(), {
    isAvailable: () => redis.status === 'ready' || !firstAttemptSettled,
    timeoutMs: options.timeoutMs,
    retryAfterMs: 1000,
    close: () => redis.disconnect(false),
    logger: options.logger,
  });
  redis.once('ready', () => (firstAttemptSettled = true));
  redis.on('error', (e: Error) => {
    firstAttemptSettled = true;
    storage.markDown(e);
  });
  return storage;
}
