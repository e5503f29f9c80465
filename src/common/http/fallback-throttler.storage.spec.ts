import { createServer } from 'node:net';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { FallbackThrottlerStorage, redisThrottlerStorage } from './fallback-throttler.storage';
import { MemoryThrottlerStorage } from './memory-throttler.storage';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const MINUTE = 60_000;
const SHARED: ThrottlerStorageRecord = { totalHits: 7, timeToExpire: 42, isBlocked: false, timeToBlockExpire: 0 };

/** A shared store whose next answers the test decides: a record, a failure, or silence. */
class ScriptedStore implements ThrottlerStorage {
  calls = 0;
  mode: 'ok' | 'fail' | 'hang' = 'ok';

  increment(): Promise<ThrottlerStorageRecord> {
    this.calls++;
    if (this.mode === 'fail') return Promise.reject(new Error('ECONNREFUSED'));
    if (this.mode === 'hang') return new Promise(() => undefined);
    return Promise.resolve(SHARED);
  }
}

describe('FallbackThrottlerStorage', () => {
  let shared: ScriptedStore;
  let logger: { warn: jest.Mock; log: jest.Mock };
  let available: boolean;
  let now: number;
  const make = (timeoutMs = 1000) =>
    new FallbackThrottlerStorage(shared, new MemoryThrottlerStorage(), { isAvailable: () => available, timeoutMs, retryAfterMs: 1000, logger });
  const hit = (storage: FallbackThrottlerStorage, limit = 3) => storage.increment('ip:a', MINUTE, limit, MINUTE, 'public');

  beforeEach(() => {
    shared = new ScriptedStore();
    logger = { warn: jest.fn(), log: jest.fn() };
    available = true;
    now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });

  afterEach(() => jest.restoreAllMocks());

  it('answers from the shared store while it works, and logs nothing', async () => {
    const storage = make();
    expect(await hit(storage)).toEqual(SHARED);
    expect(await hit(storage)).toEqual(SHARED);
    expect(shared.calls).toBe(2);
    expect(storage.degraded).toBe(false);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('counts in memory when the shared store fails, warns once per outage, and goes back when it answers', async () => {
    const storage = make();
    shared.mode = 'fail';
    const first = await hit(storage);
    expect(first).toEqual({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
    // Within the retry delay the failing store is not asked again: no request pays for it.
    expect((await hit(storage)).totalHits).toBe(2);
    expect(shared.calls).toBe(1);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0][0]).toEqual({ reason: 'ECONNREFUSED' });

    now += 1000;
    expect((await hit(storage)).totalHits).toBe(3);
    expect(shared.calls).toBe(2);
    expect(logger.warn).toHaveBeenCalledTimes(1);

    shared.mode = 'ok';
    now += 1000;
    expect(await hit(storage)).toEqual(SHARED);
    expect(storage.degraded).toBe(false);
    expect(logger.log).toHaveBeenCalledTimes(1);
    expect(logger.log.mock.calls[0][0]).toEqual({ outage_ms: 2000 });
    expect(await hit(storage)).toEqual(SHARED);
    expect(logger.log).toHaveBeenCalledTimes(1);

    // A second outage is a second warning.
    shared.mode = 'fail';
    await hit(storage);
    expect(logger.warn).toHaveBeenCalledTimes(2);
  });

  it('holds the limit in memory during an outage: past it the client is blocked', async () => {
    const storage = make();
    shared.mode = 'fail';
    for (let i = 0; i < 3; i++) expect((await hit(storage)).isBlocked).toBe(false);
    expect(await hit(storage)).toMatchObject({ totalHits: 4, isBlocked: true, timeToBlockExpire: 60 });
  });

  it('does not ask a store that is known to be disconnected', async () => {
    const storage = make();
    available = false;
    expect((await hit(storage)).totalHits).toBe(1);
    now += 5000;
    expect((await hit(storage)).totalHits).toBe(2);
    expect(shared.calls).toBe(0);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0][0]).toEqual({ reason: 'not connected' });

    available = true;
    now += 1000;
    expect(await hit(storage)).toEqual(SHARED);
    expect(logger.log).toHaveBeenCalledTimes(1);
  });

  it('answers from memory when the shared store does not answer in time', async () => {
    jest.restoreAllMocks();
    const storage = make(30);
    shared.mode = 'hang';
    const started = performance.now();
    expect((await hit(storage)).totalHits).toBe(1);
    expect(performance.now() - started).toBeLessThan(500);
    expect(logger.warn.mock.calls[0][0]).toEqual({ reason: 'no answer within 30 ms' });
  });

  it('swallows a failure that arrives after the request gave up on it', async () => {
    jest.restoreAllMocks();
    let reject: (e: Error) => void = () => undefined;
    const late: ThrottlerStorage = { increment: () => new Promise((_resolve, r) => (reject = r)) };
    const storage = new FallbackThrottlerStorage(late, new MemoryThrottlerStorage(), { timeoutMs: 10, retryAfterMs: 1000, logger });
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      expect((await hit(storage)).totalHits).toBe(1);
      reject(new Error('connection reset'));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('marks an outage reported by the connection, and closes it on shutdown', async () => {
    const close = jest.fn();
    const storage = new FallbackThrottlerStorage(shared, new MemoryThrottlerStorage(), { timeoutMs: 1000, retryAfterMs: 1000, logger, close });
    storage.markDown(new Error('read ECONNRESET'));
    storage.markDown(new Error('connect ECONNREFUSED'));
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect((await hit(storage)).totalHits).toBe(1);
    expect(shared.calls).toBe(0);
    storage.onModuleDestroy();
    expect(close).toHaveBeenCalledTimes(1);
  });
});

describe('redisThrottlerStorage', () => {
  const closedPort = () =>
    new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });

  it('answers from memory when Redis cannot be reached, without waiting on it or printing per attempt', async () => {
    const logger = { warn: jest.fn(), log: jest.fn() };
    const stderr = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const storage = redisThrottlerStorage(`redis://127.0.0.1:${await closedPort()}`, { keyPrefix: 'test:', timeoutMs: 200, logger });
    try {
      // The first request waits at most the timeout for the first connection attempt; the next ones not at all.
      let started = performance.now();
      expect((await storage.increment('ip:a', MINUTE, 3, MINUTE, 'public')).totalHits).toBe(1);
      expect(performance.now() - started).toBeLessThan(400);
      started = performance.now();
      const records = [];
      for (let i = 0; i < 4; i++) records.push(await storage.increment('ip:a', MINUTE, 3, MINUTE, 'public'));
      expect(performance.now() - started).toBeLessThan(50);
      expect(records.map((r) => r.totalHits)).toEqual([2, 3, 4, 5]);
      expect(records[3].isBlocked).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(logger.warn).toHaveBeenCalledTimes(1);
      expect(stderr).not.toHaveBeenCalled();
    } finally {
      storage.onModuleDestroy();
      stderr.mockRestore();
    }
  });
});
