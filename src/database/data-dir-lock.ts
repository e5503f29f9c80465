import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** How often the holder touches its lock file, and how long an untouched one still counts as held. */
export const LOCK_REFRESH_MS = 5_000;
export const LOCK_STALE_MS = 30_000;

/** Who holds a lock: enough to tell, from another process, whether it is still running. */
export interface LockHolder {
  pid: number;
  host: string;
  /** The kernel boot and the pid namespace the pid belongs to (Linux); empty where unknown. */
  namespace: string;
  /** The process's start time in clock ticks since boot (Linux), telling a reused pid apart; empty where unknown. */
  started: string;
}

function readProc(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}

function startTime(pid: number): string {
  // Field 22 of /proc/<pid>/stat; the command name before it (in parentheses) may hold spaces.
  const stat = readProc(`/proc/${pid}/stat`);
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
}

function pidNamespace(): string {
  const boot = readProc('/proc/sys/kernel/random/boot_id');
  try {
    return boot ? `${boot}/${readlinkSync('/proc/self/ns/pid')}` : '';
  } catch {
    return '';
  }
}

export function thisProcess(): LockHolder {
  return { pid: process.pid, host: hostname(), namespace: pidNamespace(), started: startTime(process.pid) };
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock file's holder; a bare pid is the format of earlier versions. Undefined when there is no file. */
function readHolder(file: string): { holder: LockHolder; text: string } | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  // Earlier versions wrote a bare pid, and judged it in this process's namespace: so is it here.
  if (/^\d+$/.test(text.trim())) return { holder: { pid: Number(text), host: hostname(), namespace: pidNamespace(), started: '' }, text };
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (typeof parsed.pid === 'number') {
      return { holder: { pid: parsed.pid, host: String(parsed.host ?? ''), namespace: String(parsed.namespace ?? ''), started: String(parsed.started ?? '') }, text };
    }
  } catch {
    // unreadable: judged by its age below
  }
  return { holder: { pid: 0, host: '', namespace: 'unknown', started: '' }, text };
}

/**
 * Whether the process a lock names still runs. In this process's own pid namespace (same host, boot and
 * namespace) that is known exactly: the pid is alive and started when the lock says. A pid of another
 * namespace cannot be looked up, and the same number can be this process's own (every container's first
 * process is pid 1, and a restarted container's is pid 1 again): such a holder counts as running while it
 * keeps touching its lock (every LOCK_REFRESH_MS), and as gone once the lock is LOCK_STALE_MS old by this
 * machine's clock (hosts sharing a directory need synchronised clocks).
 */
function holderRunning(holder: LockHolder, file: string, self: LockHolder): 'running' | 'gone' | 'touched' {
  if (holder.host === self.host && holder.namespace === self.namespace) {
    // This pid: this process holds it already, or the process that held it is gone and this one has its pid.
    if (holder.pid === self.pid) return holder.started !== '' && holder.started === self.started ? 'running' : 'gone';
    if (!processAlive(holder.pid)) return 'gone';
    // A start time that cannot be read (another user's process, /proc mounted with hidepid) proves nothing.
    const started = startTime(holder.pid);
    return !holder.started || !started || started === holder.started ? 'running' : 'gone';
  }
  try {
    return Date.now() - statSync(file).mtimeMs < LOCK_STALE_MS ? 'touched' : 'gone';
  } catch {
    return 'gone';
  }
}

/** EX_TEMPFAIL (sysexits.h): the process that lost its lock may be started again later. */
const LOST_LOCK_EXIT_CODE = 75;

/** A holder as messages name it: its pid, and its host when that is not this one. */
const describe = (holder: LockHolder): string => (holder.host && holder.host !== hostname() ? `${holder.pid} on ${holder.host}` : String(holder.pid));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface LockOptions {
  /**
   * How long to wait for a lock judged by its age (see holderRunning) to go stale: a container restarted
   * after a crash finds its own last lock, fresh, and takes it once it is LOCK_STALE_MS old.
   */
  waitMs?: number;
  /** Called when the lock is found to be another process's while this one holds it (default: exit). */
  onLost?: (holder: LockHolder | undefined) => void;
}

/**
 * The lock of an embedded data directory: nothing in the engine stops two processes from opening the same
 * directory, and two would corrupt it. Taken by creating the file (it fails if the file exists, so two
 * processes starting together cannot both take it); a lock whose holder is gone is moved aside and taken
 * again. The holder touches the file while it runs, for processes that cannot see its pid, and checks that it
 * is still its own: a holder that finds another's (its process stalled past LOCK_STALE_MS, and another
 * started) stops at once rather than write beside it.
 */
export class DataDirLock {
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly file: string,
    private readonly text: string,
    onLost: (holder: LockHolder | undefined) => void,
  ) {
    this.timer = setInterval(() => {
      if (!this.refresh()) {
        clearInterval(this.timer);
        onLost(DataDirLock.holderOf(this.file));
      }
    }, LOCK_REFRESH_MS);
    this.timer.unref();
  }

  /** Takes the lock, waiting up to `waitMs` for one judged by its age to go stale; otherwise throws naming its holder. */
  static async acquire(file: string, options: LockOptions = {}): Promise<DataDirLock> {
    const { waitMs = LOCK_STALE_MS + LOCK_REFRESH_MS, onLost = DataDirLock.exit } = options;
    const self = thisProcess();
    const text = JSON.stringify(self);
    const until = Date.now() + waitMs;
    for (let attempt = 0; attempt < 100; attempt++) {
      try {
        writeFileSync(file, text, { flag: 'wx' });
        return new DataDirLock(file, text, onLost);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const found = readHolder(file);
      if (!found) continue; // released meanwhile
      const verdict = holderRunning(found.holder, file, self);
      if (verdict === 'running') throw DataDirLock.inUse(file, found.holder);
      if (verdict === 'touched') {
        if (Date.now() >= until) throw DataDirLock.inUse(file, found.holder);
        await sleep(Math.min(1000, until - Date.now()));
        continue;
      }
      DataDirLock.takeStale(file, found);
    }
    throw new Error(`Could not take the lock ${file}: other processes keep taking it`);
  }

  /**
   * Moves a stale lock aside. Had another process replaced it by its own since it was read, this moves the
   * new one: it is put back (unless yet another took the name meanwhile) and this start refused.
   */
  private static takeStale(file: string, found: { holder: LockHolder; text: string }): void {
    const aside = `${file}.stale-${process.pid}-${randomBytes(6).toString('hex')}`;
    try {
      renameSync(file, aside);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    const moved = readProc(aside);
    if (moved === found.text.trim()) {
      rmSync(aside, { force: true });
      return;
    }
    try {
      linkSync(aside, file);
    } catch {
      // Taken again meanwhile: the holder whose lock this was finds it gone and stops (see refresh).
    }
    rmSync(aside, { force: true });
    throw DataDirLock.inUse(file, DataDirLock.holderOf(file) ?? found.holder);
  }

  /**
   * Touches the lock; false when it has become another process's. A lock file gone (removed by hand) is made
   * again; when another process made one first, or the file names another, this process has lost it.
   */
  private refresh(): boolean {
    let current: string;
    try {
      current = readFileSync(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return true; // unreadable for now: tried again
      try {
        writeFileSync(this.file, this.text, { flag: 'wx' });
      } catch (made) {
        return (made as NodeJS.ErrnoException).code !== 'EEXIST';
      }
      return true;
    }
    if (current !== this.text) return false;
    const now = new Date();
    try {
      utimesSync(this.file, now, now);
    } catch {
      // tried again
    }
    return true;
  }

  release(): void {
    clearInterval(this.timer);
    // Only a lock that is still this process's: one moved aside as stale and taken by another stays.
    try {
      if (readFileSync(this.file, 'utf8') === this.text) rmSync(this.file, { force: true });
    } catch {
      // gone already
    }
  }

  private static holderOf(file: string): LockHolder | undefined {
    try {
      return readHolder(file)?.holder;
    } catch {
      return undefined;
    }
  }

  /**
   * The default when the lock is lost: the process ends at once (no shutdown hooks: they would write to the
   * directory), with EX_TEMPFAIL, so a supervisor starts it again and that start waits for the lock.
   */
  private static exit(holder: LockHolder | undefined): void {
    const who = holder ? `process ${describe(holder)}` : 'no process';
    process.stderr.write(`The embedded database's lock is now held by ${who}: stopping at once so that two processes never write its data directory.\n`);
    process.exit(LOST_LOCK_EXIT_CODE);
  }

  private static inUse(file: string, holder: LockHolder): Error {
    return new Error(
      `The embedded database in ${file.replace(/pgdata\.lock$/, '')} is in use by process ${describe(holder)}. ` +
        `If no process uses it (a lock of another host or container is released ${LOCK_STALE_MS / 1000} s after its process stopped), remove ${file}.`,
    );
  }
}
