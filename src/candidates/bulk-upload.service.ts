import { Injectable, Logger } from '@nestjs/common';
import { AuthContext } from '../common/auth/auth-context';
import { ContactRow, parseContactsCsv } from '../cv-import/contacts-csv';
import { parseResume } from '../cv-import/cv-parser';
import { sniffFileType } from '../cv-import/file-sniffer';
import { CvExtractionError, extractText } from '../cv-import/text-extractor';
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
 * on its own: one corrupt, empty, unsupported or duplicate file is reported and never fails the others.
 */
@Injectable()
export class BulkUploadService {
  private readonly logger = new Logger('BulkUpload');

  constructor(
    private readonly jobs: JobsService,
    private readonly candidates: CandidatesRepository,
  ) {}

  async upload(auth: AuthContext, jobId: number, files: UploadedFile[]): Promise<BulkUploadReport> {
    const job = await this.jobs.require(auth.tenantId, jobId);
    const items: BulkUploadItem[] = [];
    for (const file of files) {
      const fileName = (file.originalname || 'unnamed').slice(0, 255);
      try {
        items.push(...(await this.handleFile(auth.tenantId, job, fileName, file.buffer)));
      } catch (e) {
        if (!(e instanceof CvExtractionError)) {
          this.logger.warn({ err: e, file_name: fileName }, 'bulk upload file failed');
          items.push(failed(fileName, 'UNREADABLE_FILE', 'The file could not be processed'));
        } else items.push(failed(fileName, e.code, e.message));
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

  private async handleFile(tenantId: number, job: Job, fileName: string, buffer: Buffer): Promise<BulkUploadItem[]> {
    const kind = sniffFileType(buffer, fileName);
    if (kind === 'empty') return [failed(fileName, 'EMPTY_FILE', 'The file is empty')];
    if (kind === 'unsupported') return [failed(fileName, 'UNSUPPORTED_MEDIA_TYPE', 'Only PDF, DOCX, TXT and CSV files are accepted')];
    if (kind === 'csv') return this.handleCsv(tenantId, job, fileName, buffer);
    const text = await extractText(kind, buffer);
    const parsed = parseResume(text, job.skills);
    if (!parsed.email) return [failed(fileName, 'MISSING_EMAIL', 'No e-mail address found in the document')];
    return [
      await this.createCandidate(fileName, {
        tenantId,
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

  private async handleCsv(tenantId: number, job: Job, fileName: string, buffer: Buffer): Promise<BulkUploadItem[]> {
    const rows: ContactRow[] = parseContactsCsv(buffer.toString('utf8'));
    const items: BulkUploadItem[] = [];
    for (const row of rows) {
      const rowName = `${fileName}#row${row.row}`;
      if ('error' in row) {
        items.push(failed(rowName, row.error.code, row.error.message));
        continue;
      }
      items.push(
        await this.createCandidate(rowName, {
          tenantId,
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
    const existing = await this.candidates.findIdByEmail(fields.tenantId, fields.jobId, fields.email);
    return {
      file_name: fileName,
      status: 'duplicate',
      ...(existing ? { candidate_id: existing } : {}),
      error: { code: 'CONFLICT', message: `${fields.email} already applied to this job` },
    };
  }
}
