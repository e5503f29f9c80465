import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirLock, LOCK_REFRESH_MS, LOCK_STALE_MS, LockHolder, LockOptions, thisProcess } from './data-dir-lock';

/** A pid no process has: pid_max is at most 2^22. */
const DEAD_PID = 4_194_305;

describe('DataDirLock', () => {
  let dir: string;
  let file: string;
  const held: DataDirLock[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hirevision-lock-'));
    file = join(dir, 'pgdata.lock');
  });
  afterEach(() => {
    held.splice(0).forEach((lock) => lock.release());
    rmSync(dir, { recursive: true, force: true });
  });

  /** Takes the lock without waiting for a lock judged by its age, and without exiting the test process when it is lost. */
  const take = async (options: LockOptions = {}) => {
    const lock = await DataDirLock.acquire(file, { waitMs: 0, onLost: () => undefined, ...options });
    held.push(lock);
    return lock;
  };
  const write = (holder: object | string, ageMs = 0) => {
    writeFileSync(file, typeof holder === 'string' ? holder : JSON.stringify(holder));
    const at = new Date(Date.now() - ageMs);
    utimesSync(file, at, at);
  };
  const another = (): LockHolder => ({ ...thisProcess(), host: 'api-2', namespace: 'another' });

  it('takes a free directory, names this process in it, and releases it', async () => {
    const lock = await take();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(thisProcess());
    await expect(take()).rejects.toThrow(/in use by process/);
    lock.release();
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a lock of a live process of this machine, and takes one whose process is gone or whose pid was reused', async () => {
    const self = thisProcess();
    write({ ...self, pid: process.ppid, started: '' });
    await expect(take()).rejects.toThrow(new RegExp(`in use by process ${process.ppid}\\.`));
    write({ ...self, pid: DEAD_PID });
    (await take()).release();
    if (self.started) {
      // The parent's pid, but another start time: the parent took the pid of the process that held the lock.
      write({ ...self, pid: process.ppid, started: '1' });
      (await take()).release();
    }
  });

  it('takes a lock of an earlier version (a bare pid) whose process is gone, or that names this pid', async () => {
    write(String(DEAD_PID));
    (await take()).release();
    write(String(process.pid));
    (await take()).release();
    write(String(process.ppid));
    await expect(take()).rejects.toThrow(/in use by process/);
  });

  it('judges a lock of another host or container by its age: this same pid in a fresh lock is another container', async () => {
    write(another());
    await expect(take()).rejects.toThrow(/in use by process \d+ on api-2\..*remove/);
    write({ ...thisProcess(), namespace: 'another' }, 1000);
    await expect(take()).rejects.toThrow(/in use by process/);
    write(another(), LOCK_STALE_MS + 1000);
    (await take()).release();
    write('', LOCK_STALE_MS + 1000); // unreadable (a start killed while writing it)
    (await take()).release();
  });

  it('waits for a fresh lock of another container to go stale, and takes it then', async () => {
    write(another(), LOCK_STALE_MS - 300);
    const started = Date.now();
    await take({ waitMs: 5_000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(thisProcess());
  });

  it('puts back a lock that another process made after the stale one was read, and refuses to start', () => {
    // The take-over's race, played in order: a stale lock was read, then its directory's next holder replaced it.
    const takeStale = (DataDirLock as unknown as { takeStale(file: string, found: { holder: LockHolder; text: string }): void }).takeStale;
    write(another());
    expect(() => takeStale(file, { holder: { ...another(), pid: DEAD_PID }, text: 'the stale lock as it was read' })).toThrow(/in use by process \d+ on api-2/);
    expect(readdirSync(dir)).toEqual(['pgdata.lock']);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(another());
  });

  it('keeps its lock fresh while it holds it, and makes it again if it was removed; a removed directory is not a lost lock', async () => {
    jest.useFakeTimers({ doNotFake: ['Date', 'performance', 'setTimeout'] });
    try {
      const lost = jest.fn();
      await take({ onLost: lost });
      const old = new Date(Date.now() - 60_000);
      utimesSync(file, old, old);
      jest.advanceTimersByTime(LOCK_REFRESH_MS);
      expect(Date.now() - statSync(file).mtimeMs).toBeLessThan(LOCK_STALE_MS);
      rmSync(file);
      jest.advanceTimersByTime(LOCK_REFRESH_MS);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(thisProcess());
      // The whole directory gone (a test's temporary one, say) is no other process's lock.
      rmSync(dir, { recursive: true });
      jest.advanceTimersByTime(LOCK_REFRESH_MS);
      expect(lost).not.toHaveBeenCalled();
    } finally {
      jest.useRealTimers();
    }
  });

  it('stops when its lock has become another process’s, and leaves that lock on release', async () => {
    jest.useFakeTimers({ doNotFake: ['Date', 'performance', 'setTimeout'] });
    try {
      const lost = jest.fn();
      const lock = await take({ onLost: lost });
      write(another());
      jest.advanceTimersByTime(LOCK_REFRESH_MS);
      expect(lost).toHaveBeenCalledWith(expect.objectContaining({ host: 'api-2' }));
      lock.release();
      expect(readdirSync(dir)).toEqual(['pgdata.lock']);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ host: 'api-2' });
    } finally {
      jest.useRealTimers();
    }
  });
});
