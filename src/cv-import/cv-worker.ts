/**
 * Entry point of the résumé worker threads (see CvWorkerPool). It runs with plain Node: compiled to
 * `cv-worker.js` in production, loaded through @swc-node/register from TypeScript in tests.
 */
import type { MessagePort } from 'node:worker_threads';
import { CvOutcome, readUpload } from './cv-reader';

export interface CvTask {
  fileName: string;
  data: Uint8Array;
  jobSkills: string[];
  maxDecompressedBytes: number;
  /** Told when the task starts running, so that the time limit does not count the wait in the queue. */
  started?: MessagePort;
}

export default async function readCvTask(task: CvTask): Promise<CvOutcome> {
  task.started?.postMessage('started');
  task.started?.close();
  const buffer = Buffer.from(task.data.buffer, task.data.byteOffset, task.data.byteLength);
  return readUpload(task.fileName, buffer, { jobSkills: task.jobSkills, maxDecompressedBytes: task.maxDecompressedBytes });
}
