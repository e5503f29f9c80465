import { readFileSync, readlinkSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
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
 * keeps touching its lock (every LOCK_REFRESH_MS), and as gone once the lock is LOCK_STALE_MS old.
 */
function holderRunning(holder: LockHolder, file: string, self: LockHolder, now: number): boolean {
  if (holder.host === self.host && holder.namespace === self.namespace) {
    // This pid: this process holds it already, or the process that held it is gone and this one has its pid.
    if (holder.pid === self.pid) return holder.started !== '' && holder.started === self.started;
    if (!processAlive(holder.pid)) return false;
    return !holder.started || startTime(holder.pid) === holder.started;
  }
  try {
    return now - statSync(file).mtimeMs < LOCK_STALE_MS;
  } catch {
    return false;
  }
}

/**
 * The lock of an embedded data directory: nothing in the engine stops two processes from opening the same
 * directory, and two would corrupt it. Taken by creating the file (it fails if the file exists, so two
 * processes starting together cannot both take it); a lock whose holder is gone is moved aside and taken
 * again. The holder touches the file while it runs, for processes that cannot see its pid.
 */
export class DataDirLock {
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly file: string,
    private readonly text: string,
  ) {
    this.timer = setInterval(() => {
      const now = new Date();
      try {
        utimesSync(this.file, now, now);
      } catch {
        // removed by hand: the next start decides
      }
    }, LOCK_REFRESH_MS);
    this.timer.unref();
  }

  /** Takes the lock, or throws naming the process that holds it. */
  static acquire(file: string, now = Date.now()): DataDirLock {
    const self = thisProcess();
    const text = JSON.stringify(self);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        writeFileSync(file, text, { flag: 'wx' });
        return new DataDirLock(file, text);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const found = readHolder(file);
      if (!found) continue; // released meanwhile
      if (holderRunning(found.holder, file, self, now)) throw DataDirLock.inUse(file, found.holder);
      // Moved aside rather than removed: had another process replaced the stale lock by its own since it was
      // read, this moves the new one, which the check below finds and puts back.
      const aside = `${file}.stale-${process.pid}-${now}`;
      try {
        renameSync(file, aside);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw e;
      }
      if (readProc(aside) !== found.text.trim()) {
        renameSync(aside, file);
        throw DataDirLock.inUse(file, readHolder(file)?.holder ?? found.holder);
      }
      rmSync(aside, { force: true });
    }
    throw new Error(`Could not take the lock ${file}: other processes keep taking it`);
  }

  release(): void {
    clearInterval(this.timer);
    // Only a lock that is still this process's: one moved aside as stale and taken by another stays.
    if (readHolder(this.file)?.text === this.text) rmSync(this.file, { force: true });
  }

  private static inUse(file: string, holder: LockHolder): Error {
    const where = holder.host && holder.host !== hostname() ? ` on ${holder.host}` : '';
    return new Error(
      `The embedded database in ${file.replace(/pgdata\.lock$/, '')} is in use by process ${holder.pid}${where}. ` +
        `If no process uses it (a lock of another host or container is released ${LOCK_STALE_MS / 1000} s after its process stopped), remove ${file}.`,
    );
  }
}
