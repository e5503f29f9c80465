import { MemoryThrottlerStorage } from './memory-throttler.storage';

describe('MemoryThrottlerStorage', () => {
  const MINUTE = 60_000;
  let now: number;
  let storage: MemoryThrottlerStorage;

  beforeEach(() => {
    now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    storage = new MemoryThrottlerStorage();
  });

  afterEach(() => jest.restoreAllMocks());

  it('counts hits per key and throttler within one window', async () => {
    await storage.increment('user:1', MINUTE, 3, MINUTE, 'api');
    await storage.increment('user:1', MINUTE, 3, MINUTE, 'api');
    const third = await storage.increment('user:1', MINUTE, 3, MINUTE, 'api');
    expect(third).toEqual({ totalHits: 3, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
    expect((await storage.increment('user:2', MINUTE, 3, MINUTE, 'api')).totalHits).toBe(1);
    expect((await storage.increment('user:1', MINUTE, 3, MINUTE, 'auth')).totalHits).toBe(1);
  });

  it('blocks past the limit for the block duration, then starts a new window', async () => {
    for (let i = 0; i < 3; i++) await storage.increment('ip:a', MINUTE, 3, MINUTE, 'public');
    now += 10_000;
    const over = await storage.increment('ip:a', MINUTE, 3, MINUTE, 'public');
    expect(over).toMatchObject({ totalHits: 4, isBlocked: true, timeToBlockExpire: 60, timeToExpire: 50 });
    now += 30_000;
    expect(await storage.increment('ip:a', MINUTE, 3, MINUTE, 'public')).toMatchObject({ isBlocked: true, timeToBlockExpire: 30 });
    now += 30_001;
    expect(await storage.increment('ip:a', MINUTE, 3, MINUTE, 'public')).toEqual({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
  });

  it('starts counting again when the window has passed', async () => {
    await storage.increment('user:1', MINUTE, 5, MINUTE, 'api');
    now += 59_000;
    expect(await storage.increment('user:1', MINUTE, 5, MINUTE, 'api')).toMatchObject({ totalHits: 2, timeToExpire: 1 });
    now += 1_000;
    expect(await storage.increment('user:1', MINUTE, 5, MINUTE, 'api')).toMatchObject({ totalHits: 1, timeToExpire: 60 });
  });
});
