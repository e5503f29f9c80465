import { Injectable, Logger } from '@nestjs/common';
import { ContactRow } from '../cv-import/contacts-csv';
import { CvOutcome } from '../cv-import/cv-reader';
import { CvWorkerPool } from '../cv-import/cv-worker-pool';
import { Job } from '../jobs/job.entity';
import { JobsService } from '../jobs/jobs.service';
import { CandidatesRepository, NewCandidate } from './candidates.repository';
import { BulkUploadItem, BulkUploadReport } from './dto/candidate.dto';

export interface UploadedFile {
  originalname: string;
  buffer: Buffer;
}

const failed = (fileName: string, code: string, message: string): BulkUploadItem => ({ file_name: fileName, status: 'failed', error: { code, message } });

/**
 * Turns each uploaded résumé (or each row of a contacts CSV) into a candidate. Every file is handled
 * on its own: one corrupt, empty, unsupported, hostile or duplicate file is reported and never fails the
 * others. Files are read on the worker pool, handed to it only as its threads free up (so the pool's
 * queue limit counts waiting behind other uploads, never behind this upload's own files); candidates are
 * created in the order of the files.
 */
@Injectable()
export class BulkUploadService {
  private readonly logger = new Logger('BulkUpload');

  constructor(
    private readonly jobs: JobsService,
    private readonly candidates: CandidatesRepository,
    private readonly readers: CvWorkerPool,
  ) {}

  async upload(jobId: number, files: UploadedFile[]): Promise<BulkUploadReport> {
    const job = await this.jobs.require(jobId);
    const names = files.map((file) => (file.originalname || 'unnamed').slice(0, 255));
    const outcomes = inOrder(files.length, this.readers.threads, (i) =>
      this.readers.read({ fileName: names[i], buffer: files[i].buffer, jobSkills: job.skills }),
    );
    const items: BulkUploadItem[] = [];
    for (const [i, fileName] of names.entries()) {
      try {
        items.push(...(await this.handleOutcome(job, fileName, await outcomes[i])));
      } catch (e) {
        this.logger.warn({ err: e, file_name: fileName }, 'bulk upload file failed');
        items.push(failed(fileName, 'UNREADABLE_FILE', 'The file could not be processed'));
      }
    }
    return {
      total: items.length,
      created: items.filter((i) => i.status === 'created').length,
      duplicates: items.filter((i) => i.status === 'duplicate').length,
      failed: items.filter((i) => i.status === 'failed').length,
      items,
    };
  }

  private async handleOutcome(job: Job, fileName: string, outcome: CvOutcome): Promise<BulkUploadItem[]> {
    if (outcome.kind === 'failed') return [failed(fileName, outcome.code, outcome.message)];
    if (outcome.kind === 'contacts') return this.handleCsv(job, fileName, outcome.rows);
    const { text, parsed } = outcome;
    if (!parsed.email) return [failed(fileName, 'MISSING_EMAIL', 'No e-mail address found in the document')];
    return [
      await this.createCandidate(fileName, {
        jobId: job.id,
        name: (parsed.name ?? parsed.email.split('@')[0]).slice(0, 200),
        email: parsed.email,
        phone: parsed.phone?.slice(0, 50) ?? null,
        resumeText: text,
        skills: parsed.skills,
        yearsExperience: parsed.yearsExperience,
      }),
    ];
  }

  private async handleCsv(job: Job, fileName: string, rows: ContactRow[]): Promise<BulkUploadItem[]> {
    const items: BulkUploadItem[] = [];
    for (const row of rows) {
      const rowName = `${fileName}#row${row.row}`;
      if ('error' in row) {
        items.push(failed(rowName, row.error.code, row.error.message));
        continue;
      }
      items.push(
        await this.createCandidate(rowName, {
          jobId: job.id,
          name: row.name.slice(0, 200),
          email: row.email,
          phone: row.phone?.slice(0, 50) ?? null,
          resumeText: null,
          skills: [],
          yearsExperience: null,
        }),
      );
    }
    return items;
  }

  private async createCandidate(fileName: string, fields: NewCandidate): Promise<BulkUploadItem> {
    const id = await this.candidates.insertIfAbsent(fields);
    if (id !== null) return { file_name: fileName, status: 'created', candidate_id: id };
    const existing = await this.candidates.findIdByEmail(fields.jobId, fields.email);
    return {
      file_name: fileName,
      status: 'duplicate',
      ...(existing ? { candidate_id: existing } : {}),
      error: { code: 'CONFLICT', message: `${fields.email} already applied to this job` },
    };
  }
}

/**
 * Starts `work(0)`, `work(1)`, … with at most `limit` running at a time and returns their promises in
 * order, so that results can be consumed in order while later ones are still being computed.
 */
function inOrder<T>(count: number, limit: number, work: (index: number) => Promise<T>): Promise<T>[] {
  const slots: { resolve: (value: T) => void; reject: (reason: unknown) => void }[] = [];
  const results = Array.from({ length: count }, () => new Promise<T>((resolve, reject) => slots.push({ resolve, reject })));
  let next = 0;
  const runNext = (): void => {
    if (next >= count) return;
    const index = next++;
    work(index)
      .then(slots[index].resolve, slots[index].reject)
      .finally(runNext);
  };
  for (let i = 0; i < Math.min(limit, count); i++) runNext();
  return results;
}
