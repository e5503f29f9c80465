import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Ports other services of this machine use: the suite's own servers never take them. */
const RESERVED_PORTS = new Set([3000, 5432, 6379]);

/** A free loopback TCP port (asked of the kernel, so it is in the ephemeral range). */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as { port: number };
        server.close(() => resolve(free));
      });
    });
    if (!RESERVED_PORTS.has(port)) return port;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until it returns a value other than undefined; throws `describe()` after `timeoutMs`, or at
 * once when `giveUp` names a reason to stop waiting (a process that died).
 */
export async function waitUntil<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  describe: () => string,
  intervalMs = 100,
  giveUp?: () => string | undefined,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    const reason = giveUp?.();
    if (reason) throw new Error(reason);
    if (Date.now() > deadline) throw new Error(`${describe()} (waited ${timeoutMs} ms)`);
    await sleep(intervalMs);
  }
}

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion (killed past `timeoutMs`); throws with its output when it fails. */
export function run(command: string, args: string[], options: SpawnOptions & { timeoutMs?: number; allowFailure?: boolean } = {}): Promise<RunResult> {
  const { timeoutMs = 60_000, allowFailure = false, ...spawnOptions } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      if (code !== 0 && !allowFailure) reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${stdout}\n${stderr}`));
      else resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Every process this suite starts is recorded under HV_FAULTS_STATE (made by the global setup), whose
 * teardown kills what a test's own afterAll could not (an interrupted or crashed test file).
 */
const pidDir = (): string | undefined => (process.env.HV_FAULTS_STATE ? join(process.env.HV_FAULTS_STATE, 'pids') : undefined);

export function track(pid: number, what: string): void {
  const dir = pidDir();
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, String(pid)), what);
}

export function untrack(pid: number): void {
  const dir = pidDir();
  if (dir) rmSync(join(dir, String(pid)), { force: true });
}

/** Kills every recorded process group still alive (global teardown). */
export function killTracked(stateDir: string): string[] {
  const dir = join(stateDir, 'pids');
  if (!existsSync(dir)) return [];
  const killed: string[] = [];
  for (const name of readdirSync(dir)) {
    const pid = Number(name);
    if (pid > 1 && alive(pid)) {
      killGroup(pid, 'SIGKILL');
      killed.push(`${pid} (${readFileSync(join(dir, name), 'utf8')})`);
    }
  }
  return killed;
}

/** Signals a process group (processes are started detached, so each leads its own group). */
export function killGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A long-running child in its own process group, its output kept in memory. */
export class Child {
  private output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private done = false;

  private constructor(
    readonly name: string,
    readonly process: ChildProcess,
  ) {
    const append = (d: Buffer) => {
      this.output += d.toString();
      // Keep the last few MB: enough to read what happened, bounded under load.
      if (this.output.length > 8_000_000) this.output = this.output.slice(-4_000_000);
    };
    process.stdout?.on('data', append);
    process.stderr?.on('data', append);
    this.exited = new Promise((resolve) =>
      process.once('exit', (code, signal) => {
        this.done = true;
        if (process.pid) untrack(process.pid);
        resolve({ code, signal });
      }),
    );
  }

  static start(name: string, command: string, args: string[], options: SpawnOptions = {}): Child {
    const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    if (!child.pid) throw new Error(`${name}: could not start ${command}`);
    track(child.pid, name);
    return new Child(name, child);
  }

  get pid(): number {
    return this.process.pid as number;
  }

  get running(): boolean {
    return !this.done;
  }

  logs(): string {
    return this.output;
  }

  tail(lines = 60): string {
    return this.output.split('\n').slice(-lines).join('\n');
  }

  /** Signals the group and waits for the exit; SIGKILL after `graceMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
    const started = Date.now();
    if (this.done) return { ...(await this.exited), ms: 0 };
    killGroup(this.pid, signal);
    const timer = setTimeout(() => killGroup(this.pid, 'SIGKILL'), graceMs);
    const result = await this.exited;
    clearTimeout(timer);
    return { ...result, ms: Date.now() - started };
  }
}
