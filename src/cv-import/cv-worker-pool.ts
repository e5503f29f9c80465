import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { Logger } from '@nestjs/common';
import { Piscina } from 'piscina';
import type { CvOutcome } from './cv-reader';
import type { CvTask } from './cv-worker';

export interface CvWorkerPoolOptions {
  /** Most threads reading files at once. */
  threads: number;
  /** Time one file may take once its thread has started on it. */
  timeoutMs: number;
  /** V8 heap of each thread; also the extra process memory each running file may use (see below). */
  maxMemoryMb: number;
  /** Total bytes a DOCX may inflate to. */
  maxDecompressedBytes: number;
  /** An idle thread exits after this long, so an idle API holds no parser memory. Default 5 s. */
  idleTimeoutMs?: number;
}

export interface CvFile {
  fileName: string;
  buffer: Buffer;
  jobSkills: string[];
}

type Failure = 'timeout' | 'memory' | 'busy';

interface RunningTask {
  controller: AbortController;
  isPdf: boolean;
  failure?: Failure;
}

const FAILURES: Record<Failure | 'crash', string> = {
  timeout: 'The document took too long to read.',
  memory: 'The document needs too much memory to read.',
  busy: 'The server is busy reading other documents; try again later.',
  crash: 'The file could not be processed',
};

const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');
/** How often process memory is sampled while files are being read. */
const MEMORY_SAMPLE_MS = 50;
/** After the watchdog ends a thread, its memory is left this long to be returned before sampling again. */
const MEMORY_SETTLE_MS = 300;
/** A file that has not even started after this long (every thread busy) fails instead of waiting on. */
const MIN_QUEUE_WAIT_MS = 60_000;

const MiB = 1024 * 1024;

/**
 * Compiled, this module sits next to `cv-worker.js`. Run from TypeScript (tests, benchmarks) the worker
 * is the `.ts` source, which plain Node in a worker thread can only load through @swc-node/register.
 */
function workerEntry(): { filename: string; execArgv?: string[] } {
  if (__filename.endsWith('.ts')) {
    return { filename: join(__dirname, 'cv-worker.ts'), execArgv: ['--require', require.resolve('@swc-node/register')] };
  }
  return { filename: join(__dirname, 'cv-worker.js') };
}

/** Memory of the process outside the main thread's own V8 heap and buffers: threads, native code. */
function memoryOutsideMainThread(): number {
  const usage = process.memoryUsage();
  return usage.rss - usage.heapTotal - usage.external;
}

/**
 * Reads uploaded résumés and contacts files on a small pool of worker threads, so that extraction and
 * parsing never block the event loop. Each file runs under a time limit and a memory limit; a file that
 * passes either has its thread terminated (the pool starts a fresh one for the next file) and comes back
 * as a `failed` outcome. `read` never rejects.
 *
 * Memory: `resourceLimits` caps each thread's V8 heap, but not the typed arrays a parser allocates
 * outside it (pdf.js keeps a decoded content stream in one, so a small PDF can ask for gigabytes). A
 * watchdog therefore samples the process's memory while files are read and ends the PDF reads in flight
 * when it grows more than `maxMemoryMb` per running file. DOCX archives are bounded before parsing.
 */
export class CvWorkerPool {
  private readonly logger = new Logger('CvWorkerPool');
  private readonly pool: Piscina<CvTask, CvOutcome>;
  private readonly running = new Set<RunningTask>();
  private readonly queueWaitMs: number;
  private active = 0;
  private waiters: Array<(granted: boolean) => void> = [];
  private watchdog?: NodeJS.Timeout;
  private memoryBaseline = 0;
  private settleUntil = 0;
  private destroyed = false;

  constructor(private readonly options: CvWorkerPoolOptions) {
    const entry = workerEntry();
    this.queueWaitMs = Math.max(MIN_QUEUE_WAIT_MS, 10 * options.timeoutMs);
    this.pool = new Piscina<CvTask, CvOutcome>({
      ...entry,
      minThreads: 0,
      maxThreads: options.threads,
      idleTimeout: options.idleTimeoutMs ?? 5000,
      concurrentTasksPerWorker: 1,
      // Let an idle thread's event loop run (pdf.js cleans up after a document asynchronously).
      atomics: 'disabled',
      resourceLimits: {
        maxOldGenerationSizeMb: options.maxMemoryMb,
        maxYoungGenerationSizeMb: Math.max(8, Math.round(options.maxMemoryMb / 8)),
      },
    });
    // Errors of a thread with no task in flight; without a listener the emitter would throw.
    this.pool.on('error', (err: unknown) => this.logger.warn({ err }, 'résumé worker failed'));
  }

  get threads(): number {
    return this.options.threads;
  }

  /** Sniffs, extracts and parses one file in a worker thread. */
  async read(file: CvFile): Promise<CvOutcome> {
    if (this.destroyed) return { kind: 'failed', code: 'UNREADABLE_FILE', message: FAILURES.busy };
    // Files queue here, not in the thread pool: a task waiting there when a thread is terminated (time or
    // memory limit) was not picked up by the replacement thread, so the pool only ever gets what it can run.
    if (!(await this.takeSlot())) return { kind: 'failed', code: 'UNREADABLE_FILE', message: FAILURES.busy };
    try {
      return await this.readInSlot(file);
    } finally {
      this.giveSlot();
    }
  }

  /** Waits for a free thread, up to the queue limit; false when it did not come in time (or the pool closed). */
  private takeSlot(): Promise<boolean> {
    if (this.active < this.options.threads) {
      this.active++;
      return Promise.resolve(true);
    }
    return new Promise<boolean>((resolve) => {
      const waiter = (granted: boolean) => {
        clearTimeout(timer);
        resolve(granted);
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, this.queueWaitMs);
      this.waiters.push(waiter);
    });
  }

  private giveSlot(): void {
    const next = this.waiters.shift();
    // The slot passes straight to the next file; `active` only drops when nobody waits.
    if (next && !this.destroyed) next(true);
    else this.active--;
  }

  private async readInSlot(file: CvFile): Promise<CvOutcome> {
    const task: RunningTask = { controller: new AbortController(), isPdf: startsWithPdfMagic(file.buffer) };
    const abort = (failure: Failure) => {
      task.failure ??= failure;
      task.controller.abort();
    };
    // The time limit starts when the thread picks the file up (a new thread first has to load the parsers).
    let timer = setTimeout(() => abort('busy'), this.queueWaitMs);
    const { port1, port2 } = new MessageChannel();
    port1.once('message', () => {
      clearTimeout(timer);
      timer = setTimeout(() => abort('timeout'), this.options.timeoutMs);
      this.startWatching(task);
    });
    // One exact copy of the bytes, handed over to the thread rather than cloned a second time.
    const data = new Uint8Array(file.buffer);
    try {
      return await this.pool.run(
        { fileName: file.fileName, data, jobSkills: file.jobSkills, maxDecompressedBytes: this.options.maxDecompressedBytes, started: port2 },
        { signal: task.controller.signal, transferList: [port2, data.buffer] },
      );
    } catch (err) {
      const failure = task.failure ?? ((err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : undefined);
      if (failure) {
        this.logger.warn({ file_name: file.fileName, reason: failure }, 'résumé read stopped');
        return { kind: 'failed', code: 'UNREADABLE_FILE', message: FAILURES[failure] };
      }
      this.logger.warn({ err, file_name: file.fileName }, 'résumé read failed');
      return { kind: 'failed', code: 'UNREADABLE_FILE', message: FAILURES.crash };
    } finally {
      clearTimeout(timer);
      port1.close();
      this.stopWatching(task);
    }
  }

  /** Terminates the threads; files still queued or running come back as failed. */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const waiter of this.waiters.splice(0)) waiter(false);
    clearInterval(this.watchdog);
    this.watchdog = undefined;
    await this.pool.destroy();
  }

  async onModuleDestroy(): Promise<void> {
    await this.destroy();
  }

  private startWatching(task: RunningTask): void {
    if (this.running.size === 0) this.memoryBaseline = memoryOutsideMainThread();
    this.running.add(task);
    if (!this.watchdog) {
      this.watchdog = setInterval(() => this.checkMemory(), MEMORY_SAMPLE_MS);
      this.watchdog.unref();
    }
  }

  private stopWatching(task: RunningTask): void {
    this.running.delete(task);
    if (this.running.size === 0) {
      clearInterval(this.watchdog);
      this.watchdog = undefined;
    }
  }

  private checkMemory(): void {
    const now = Date.now();
    const used = memoryOutsideMainThread();
    if (now < this.settleUntil) return;
    if (this.settleUntil !== 0) {
      // Measure from what is left once the ended threads' memory has been returned.
      this.settleUntil = 0;
      this.memoryBaseline = used;
      return;
    }
    if (used - this.memoryBaseline <= this.running.size * this.options.maxMemoryMb * MiB) return;
    // Only the PDF parser allocates much outside the heap limit that V8 enforces on each thread, so the
    // PDFs in flight are ended; other files are left to that limit.
    const culprits = [...this.running].filter((t) => t.isPdf);
    for (const task of culprits) {
      task.failure ??= 'memory';
      task.controller.abort();
    }
    if (culprits.length) this.settleUntil = now + MEMORY_SETTLE_MS;
  }
}

function startsWithPdfMagic(buf: Buffer): boolean {
  return buf.length >= PDF_MAGIC.length && buf.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC);
}
