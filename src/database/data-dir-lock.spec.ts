import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirLock, LOCK_STALE_MS, thisProcess } from './data-dir-lock';

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

  const take = (now?: number) => {
    const lock = DataDirLock.acquire(file, now);
    held.push(lock);
    return lock;
  };
  const write = (holder: object | string, ageMs = 0) => {
    writeFileSync(file, typeof holder === 'string' ? holder : JSON.stringify(holder));
    const at = new Date(Date.now() - ageMs);
    utimesSync(file, at, at);
  };

  it('takes a free directory, names this process in it, and releases it', () => {
    const lock = take();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(thisProcess());
    expect(() => DataDirLock.acquire(file)).toThrow(/in use by process/);
    lock.release();
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a lock of a live process of this machine, and takes one whose process is gone or whose pid was reused', () => {
    const self = thisProcess();
    write({ ...self, pid: process.ppid, started: '' });
    expect(() => take()).toThrow(new RegExp(`in use by process ${process.ppid}\\.`));
    write({ ...self, pid: DEAD_PID });
    take().release();
    // The parent's pid, but another start time: the parent took the pid of the process that held the lock.
    if (self.started) {
      write({ ...self, pid: process.ppid, started: '1' });
      take().release();
    }
  });

  it('takes a lock of an earlier version (a bare pid) whose process is gone, or that names this pid', () => {
    write(String(DEAD_PID));
    take().release();
    write(String(process.pid));
    take().release();
    write(String(process.ppid));
    expect(() => take()).toThrow(/in use by process/);
  });

  it('judges a lock of another host or container by its age: this same pid in a fresh lock is another container', () => {
    const self = thisProcess();
    write({ ...self, host: 'api-2', namespace: 'another' });
    expect(() => take()).toThrow(/in use by process \d+ on api-2\..*remove/);
    write({ ...self, namespace: 'another' }, 1000);
    expect(() => take()).toThrow(/in use by process/);
    write({ ...self, host: 'api-2', namespace: 'another' }, LOCK_STALE_MS + 1000);
    take().release();
    write('garbage', LOCK_STALE_MS + 1000);
    take().release();
  });

  it('keeps its lock fresh while it holds it', () => {
    jest.useFakeTimers({ doNotFake: ['Date', 'performance'] });
    try {
      take();
      const old = new Date(Date.now() - 60_000);
      utimesSync(file, old, old);
      jest.advanceTimersByTime(5_000);
      expect(Date.now() - statSync(file).mtimeMs).toBeLessThan(LOCK_STALE_MS);
    } finally {
      jest.useRealTimers();
    }
  });

  it('leaves a lock another process took after this one was judged stale', () => {
    const lock = take();
    write({ pid: 1, host: hostname(), namespace: 'another', started: '' });
    lock.release();
    expect(existsSync(file)).toBe(true);
    expect(readdirSync(dir)).toEqual(['pgdata.lock']);
  });
});
