import { ChildProcess, execFile, spawn } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCommand } from '../helpers/start-command';

const ROOT = join(__dirname, '..', '..');
const STOP_GRACE_MS = 10_000;
const READY_TIMEOUT_MS = 60_000;

/** A free loopback port (released again for the instance to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Compiles the API (src/ and migrations/, as `npm run build` does) into `dir`, a private build that
 * `dist/` knows nothing about. Types are checked by the lint step; this only needs the JavaScript.
 * Returns the path of main.js.
 */
export async function buildApi(dir: string): Promise<string> {
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', dir, '--noCheck'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      error ? reject(new Error(`compiling the API failed:\n${stdout}${stderr}`)) : resolve(),
    );
  });
  // Compiled files resolve packages, and find the package version, as they would from dist/.
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  const main = join(dir, 'src', 'main.js');
  if (!existsSync(main)) throw new Error(`compiling the API produced no ${main}`);
  return main;
}

/** Nest's start-up listing of modules and routes: the same on every start, and long. */
const STARTUP_NOISE = /"context":"(InstanceLoader|RoutesResolver|RouterExplorer)"/;

/** The last `lines` lines of a file (all of it when shorter), without those matching `skip`. */
export function tail(file: string, lines = 60, skip?: RegExp): string {
  if (!existsSync(file)) return '(no output)';
  const all = readFileSync(file, 'utf8').split('\n');
  return (skip ? all.filter((line) => !skip.test(line)) : all).slice(-lines - 1).join('\n');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One API process: its own port, data directory and log file; started and stopped like a deployment would. */
export class ApiInstance {
  readonly dir: string;
  readonly logFile: string;
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private exitReason?: string;

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly main: string,
    private readonly env: Record<string, string>,
    parentDir: string,
  ) {
    this.dir = join(parentDir, name);
    this.logFile = join(this.dir, 'server.log');
    mkdirSync(join(this.dir, 'data'), { recursive: true });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.exitReason === undefined;
  }

  /** Starts the process (stdout and stderr appended to logFile) and waits until /healthz answers 200. */
  async start(): Promise<void> {
    if (this.running) throw new Error(`instance ${this.name} is already running`);
    const out = openSync(this.logFile, 'a');
    this.exitReason = undefined;
    // As `npm start` runs it (its node flags and environment), in a clean environment: only what the instance
    // is configured with (no .env: cwd is its own directory).
    const start = startCommand();
    const child = spawn(process.execPath, [...start.flags, this.main], {
      cwd: this.dir,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: this.dir, ...start.env, ...this.env, PORT: String(this.port), DATA_DIR: join(this.dir, 'data') },
      stdio: ['ignore', out, out],
    });
    closeSync(out);
    this.child = child;
    // Should the test process end without stopping it (an interrupted run), the instance ends with it.
    const orphaned = () => child.kill('SIGKILL');
    process.once('exit', orphaned);
    this.exited = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        process.removeListener('exit', orphaned);
        this.exitReason = signal ? `signal ${signal}` : `exit code ${code}`;
        resolve();
      });
      child.once('error', (e) => {
        this.exitReason = `spawn error: ${e.message}`;
        resolve();
      });
    });
    await this.waitReady();
  }

  /** SIGTERM, then SIGKILL when it has not exited within the grace period. Resolves once it is gone. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const gone = await Promise.race([this.exited?.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), STOP_GRACE_MS)))]);
    clearTimeout(timer);
    if (!gone) {
      child.kill('SIGKILL');
      await this.exited;
    }
  }

  /** What the process wrote last (start-up's route listing left out), for a failure report. */
  report(lines = 60): string {
    const state = this.running ? `running, pid ${this.pid}` : `stopped (${this.exitReason ?? 'never started'})`;
    return `--- instance ${this.name} (${this.url}, ${state}) ${this.logFile}, last ${lines} lines:\n${tail(this.logFile, lines, STARTUP_NOISE)}`;
  }

  private async waitReady(): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`instance ${this.name} exited during start-up (${this.exitReason})\n${this.report()}`);
      try {
        const res = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(2000) });
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(`instance ${this.name} did not answer /healthz within ${READY_TIMEOUT_MS} ms\n${this.report()}`);
  }
}

export interface ApiCluster {
  /** Where builds, data directories and logs live (kept when a test failed). */
  dir: string;
  instances: ApiInstance[];
  startAll(): Promise<void>;
  stopAll(): Promise<void>;
  /** The tail of every instance's log. */
  report(lines?: number): string;
  /** Stops every instance and removes the directory, unless `keep` (logs kept for a failure). */
  dispose(keep: boolean): Promise<void>;
}

/**
 * Compiles the API once and prepares `names.length` instances of it on free ports, each with its own data
 * directory and log, all with the same `env` (same database, Redis and secrets). Nothing is started yet:
 * the ports are known first, so a load balancer can be put in front before the instances come up.
 */
export async function prepareCluster(names: string[], env: Record<string, string>): Promise<ApiCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'hirevision-cluster-'));
  try {
    const main = await buildApi(join(dir, 'build'));
    const instances: ApiInstance[] = [];
    for (const name of names) instances.push(new ApiInstance(name, await freePort(), main, env, dir));
    const cluster: ApiCluster = {
      dir,
      instances,
      startAll: async () => {
        const results = await Promise.allSettled(instances.map((i) => i.start()));
        const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed.length) throw new Error(failed.map((r) => (r.reason instanceof Error ? r.reason.message : String(r.reason))).join('\n'));
      },
      stopAll: async () => {
        await Promise.all(instances.map((i) => i.stop()));
      },
      report: (lines = 60) => instances.map((i) => i.report(lines)).join('\n'),
      dispose: async (keep) => {
        await cluster.stopAll();
        if (!keep) rmSync(dir, { recursive: true, force: true });
      },
    };
    return cluster;
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
