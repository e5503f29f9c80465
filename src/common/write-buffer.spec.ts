import { WriteBuffer, WriteBufferOptions } from './write-buffer';

interface Harness {
  buffer: WriteBuffer<number>;
  stored: number[][];
  logs: { level: 'log' | 'error'; fields: Record<string, unknown>; message: string }[];
  dropped: number[];
  failures: number;
  /** Makes the next n store calls fail. */
  failNext(n: number): void;
  clock: { now: number };
}

function harness(options: Partial<WriteBufferOptions<number>> = {}): Harness {
  let failing = 0;
  const h: Omit<Harness, 'buffer'> & { buffer?: WriteBuffer<number> } = {
    stored: [],
    logs: [],
    dropped: [],
    failures: 0,
    failNext: (n) => {
      failing = n;
    },
    clock: { now: 0 },
  };
  h.buffer = new WriteBuffer<number>({
    name: 'rows',
    max: 10,
    batchSize: 4,
    retryDelayMs: 1000,
    maxRetryDelayMs: 5000,
    store: async (rows) => {
      if (failing > 0) {
        failing--;
        throw new Error('connection refused');
      }
      h.stored.push(rows);
    },
    logger: {
      log: (fields: Record<string, unknown>, message: string) => h.logs.push({ level: 'log', fields, message }),
      error: (fields: Record<string, unknown>, message: string) => h.logs.push({ level: 'error', fields, message }),
    },
    onDropped: (n) => h.dropped.push(n),
    onStoreFailed: () => h.failures++,
    now: () => h.clock.now,
    ...options,
  });
  return h as Harness;
}

/** A harness whose write of the batch that starts with row 1 waits for `release()`: rows pushed meanwhile arrive during a write. */
function holdingFirstBatch(options: Partial<WriteBufferOptions<number>>) {
  let release: (() => void) | undefined;
  const stored: number[][] = [];
  const h = harness({
    ...options,
    store: async (rows) => {
      stored.push(rows);
      if (rows[0] === 1) await new Promise<void>((resolve) => (release = resolve));
    },
  });
  const releaseFirst = () => {
    if (!release) throw new Error('The first batch is not being written');
    release();
  };
  return { h, stored, release: releaseFirst };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('WriteBuffer', () => {
  it('writes in batches, oldest first', async () => {
    const h = harness({ batchSize: 100 });
    for (const n of range(1, 7)) h.buffer.push(n);
    await h.buffer.flush();
    expect(h.stored).toEqual([range(1, 7)]);
    expect(h.buffer.size).toBe(0);
  });

  it('keeps a refused batch at the front and writes it, in order, once the database answers', async () => {
    const h = harness({ batchSize: 100 });
    h.failNext(2);
    for (const n of range(1, 3)) h.buffer.push(n);
    await h.buffer.flush();
    h.buffer.push(4);
    await h.buffer.flush();
    expect(h.stored).toEqual([]);
    expect(h.buffer.size).toBe(4);
    h.buffer.push(5);
    await h.buffer.flush();
    expect(h.stored).toEqual([range(1, 5)]);
    expect(h.failures).toBe(2);
    // One line when the episode starts, one when it ends.
    expect(h.logs.map((l) => [l.level, l.message])).toEqual([
      ['error', 'rows: could not write rows; they stay queued and are retried with backoff'],
      ['log', 'rows: the database takes rows again after 2 failed attempts'],
    ]);
  });

  it('waits a doubling delay between scheduled attempts, capped', async () => {
    const h = harness({ batchSize: 100 });
    h.buffer.push(1);
    const attempts: number[] = [];
    h.failNext(10);
    for (let t = 0; t <= 20_000; t += 500) {
      h.clock.now = t;
      const before = h.failures;
      await h.buffer.flushIfDue();
      if (h.failures > before) attempts.push(t);
    }
    // 1 s, 2 s, 4 s, then the 5 s cap.
    expect(attempts).toEqual([0, 1000, 3000, 7000, 12000, 17000]);
    // An explicit flush does not wait.
    h.failNext(0);
    h.clock.now = 17_500;
    await h.buffer.flush();
    expect(h.stored).toEqual([[1]]);
  });

  it('drops the oldest rows past the bound and reports the episode once, with the count', async () => {
    const h = harness({ max: 10, batchSize: 100 });
    h.failNext(1);
    for (const n of range(1, 4)) h.buffer.push(n);
    await h.buffer.flush();
    for (const n of range(5, 15)) h.buffer.push(n);
    expect(h.buffer.size).toBe(10);
    await h.buffer.flush();
    expect(h.stored).toEqual([range(6, 15)]);
    expect(h.dropped.reduce((a, b) => a + b, 0)).toBe(5);
    const overflow = h.logs.filter((l) => l.message.includes('buffer full') || l.message.includes('dropped'));
    expect(overflow.map((l) => l.message)).toEqual(['rows: buffer full (10 rows); dropping the oldest rows', 'rows: 5 rows were dropped while the buffer was full']);
    expect(overflow[1].fields).toEqual({ dropped: 5 });
  });

  it('trims a refused batch put back in front of newer rows to the bound', async () => {
    const h = harness({ max: 10, batchSize: 6 });
    for (const n of range(1, 5)) h.buffer.push(n);
    h.failNext(1);
    const first = h.buffer.flush();
    // While the batch is out, newer rows fill the buffer.
    for (const n of range(6, 14)) h.buffer.push(n);
    await first;
    expect(h.buffer.size).toBe(10);
    await h.buffer.flush();
    expect(h.stored.flat()).toEqual(range(5, 14));
  });

  it('merges rows with coalesce when a batch is put back', async () => {
    const h = harness({ batchSize: 100, coalesce: (rows) => [rows.reduce((a, b) => a + b, 0)] });
    h.failNext(1);
    for (const n of [1, 2, 3]) h.buffer.push(n);
    await h.buffer.flush();
    expect(h.buffer.size).toBe(1);
    await h.buffer.flush();
    expect(h.stored).toEqual([[6]]);
  });

  it('starts a flush when a batch fills, but not while a retry delay runs', async () => {
    const h = harness({ batchSize: 4 });
    for (const n of range(1, 4)) h.buffer.push(n);
    await h.buffer.flush();
    expect(h.stored).toEqual([range(1, 4)]);
    h.failNext(1);
    for (const n of range(5, 7)) h.buffer.push(n);
    await h.buffer.flush();
    expect(h.failures).toBe(1);
    for (const n of range(8, 12)) h.buffer.push(n);
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.failures).toBe(1);
    expect(h.stored).toHaveLength(1);
    expect(h.buffer.size).toBe(8);
    h.clock.now = 1000;
    h.buffer.push(13);
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.stored.flat()).toEqual(range(1, 13));
  });

  it('a flush called during another covers the rows queued meanwhile', async () => {
    const h = harness({ batchSize: 100 });
    h.buffer.push(1);
    const first = h.buffer.flush();
    h.buffer.push(2);
    const second = h.buffer.flush();
    expect(h.buffer.flush()).toBe(second);
    await Promise.all([first, second]);
    expect(h.stored.flat()).toEqual([1, 2]);
  });

  it('leaves rows queued while a batch is written to the next flush, so a trickle is one statement per flush', async () => {
    const { h, stored, release } = holdingFirstBatch({ batchSize: 100 });
    h.buffer.push(1);
    const first = h.buffer.flush();
    for (const n of range(2, 5)) h.buffer.push(n);
    release();
    await first;
    expect(stored).toEqual([[1]]);
    expect(h.buffer.size).toBe(4);
    await h.buffer.flushIfDue();
    expect(stored).toEqual([[1], range(2, 5)]);
  });

  it('keeps writing while full batches are queued', async () => {
    const { h, stored, release } = holdingFirstBatch({ batchSize: 2, max: 100 });
    h.buffer.push(1);
    const first = h.buffer.flush();
    for (const n of range(2, 6)) h.buffer.push(n);
    release();
    await first;
    expect(stored).toEqual([[1], [2, 3], [4, 5]]);
    expect(h.buffer.size).toBe(1);
  });

  it('on close, writes rows queued during its first flush at once', async () => {
    const { h, stored, release } = holdingFirstBatch({ batchSize: 100 });
    h.buffer.push(1);
    // Less time than one retry delay: only a write without a wait fits.
    const closing = h.buffer.close(50);
    h.buffer.push(2);
    release();
    await closing;
    expect(stored).toEqual([[1], [2]]);
    expect(h.logs.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('on close, retries for a while, then reports what is lost', async () => {
    const h = harness({ batchSize: 100, now: Date.now });
    for (const n of range(1, 3)) h.buffer.push(n);
    h.failNext(2);
    await h.buffer.close(1000);
    expect(h.stored).toEqual([range(1, 3)]);
    h.buffer.push(4);
    h.failNext(100);
    await h.buffer.close(200);
    expect(h.buffer.size).toBe(0);
    expect(h.logs.at(-1)).toMatchObject({ level: 'error', fields: { rows: 1 }, message: 'rows: 1 rows could not be written before shutdown and are lost' });
  });
});
