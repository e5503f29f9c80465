import { DataSource, In, IsNull, Not } from 'typeorm';
import { InterviewAnalysis } from '../analysis/interview-analysis.entity';
import { AccessLog } from '../audit/access-log.entity';
import { Candidate } from '../candidates/candidate.entity';
import { ConversationMessage } from '../conversation/conversation-message.entity';
import { Interview } from '../interviews/interview.entity';
import { Job } from '../jobs/job.entity';
import { OutboxMessage } from '../mail/outbox-message.entity';
import { Transcript } from '../transcripts/transcript.entity';
import { MediaUpload } from '../uploads/media-upload.entity';
import { User } from '../users/user.entity';

export interface DemoSnapshot {
  tenantId: number;
  users: Pick<User, 'id' | 'email' | 'role' | 'passwordHash'>[];
  jobs: Pick<Job, 'id' | 'title' | 'isActive'>[];
  candidates: Pick<Candidate, 'id' | 'jobId' | 'email' | 'status'>[];
  interviews: Interview[];
  /** Analyses per interview id. */
  analyses: Map<number, number>;
  transcripts: Set<number>;
  /** Media uploads per interview id. */
  uploads: Map<number, number>;
  messages: number;
  accessLogs: number;
  emails: number;
}

function tally(ids: number[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

/**
 * Reads what the demo organization holds, straight from the database: deciding whether anything is
 * missing must not itself write rows (every API request adds an access-log row), or a second run would
 * never leave the data as it found it.
 */
export class DemoInventory {
  constructor(private readonly db: DataSource) {}

  /** null when no user has the demo admin's e-mail (the organization was never created). */
  async snapshot(adminEmail: string): Promise<DemoSnapshot | null> {
    const admin = await this.db.getRepository(User).findOneBy({ email: adminEmail.toLowerCase() });
    if (!admin) return null;
    const tenantId = admin.tenantId;
    const where = { tenantId };
    const [users, jobs, candidates, interviews, analyses, transcripts, uploads, messages, accessLogs, emails] = [
      await this.db.getRepository(User).find({ where, select: { id: true, email: true, role: true, passwordHash: true }, order: { id: 'ASC' } }),
      await this.db.getRepository(Job).find({ where, select: { id: true, title: true, isActive: true }, order: { id: 'ASC' } }),
      await this.db.getRepository(Candidate).find({ where, select: { id: true, jobId: true, email: true, status: true }, order: { id: 'ASC' } }),
      await this.db.getRepository(Interview).find({ where, order: { id: 'ASC' } }),
      await this.db.getRepository(InterviewAnalysis).find({ where, select: { id: true, interviewId: true } }),
      await this.db.getRepository(Transcript).find({ where, select: { id: true, interviewId: true } }),
      await this.db.getRepository(MediaUpload).find({ where, select: { id: true, interviewId: true } }),
      await this.db.getRepository(ConversationMessage).countBy(where),
      await this.db.getRepository(AccessLog).countBy(where),
      await this.db.getRepository(OutboxMessage).countBy(where),
    ];
    return {
      tenantId,
      users,
      jobs,
      candidates,
      interviews,
      analyses: tally(analyses.map((a) => a.interviewId)),
      transcripts: new Set(transcripts.map((t) => t.interviewId)),
      uploads: tally(uploads.map((u) => u.interviewId)),
      messages,
      accessLogs,
      emails,
    };
  }

  /**
   * Of these completed interviews, how many the background scoring has not finished with: neither failed
   * nor scored with its analysis-ready notification queued (the same transaction marks the analysis ready).
   */
  async unsettledAnalyses(tenantId: number, interviewIds: number[]): Promise<number> {
    if (!interviewIds.length) return 0;
    const failed = await this.db.getRepository(Interview).find({ where: { tenantId, id: In(interviewIds), analysisStatus: 'failed' }, select: { id: true } });
    const notified = await this.db
      .getRepository(InterviewAnalysis)
      .find({ where: { tenantId, interviewId: In(interviewIds), readyAt: Not(IsNull()) }, select: { id: true, interviewId: true } });
    const settled = new Set([...failed.map((i) => i.id), ...notified.map((a) => a.interviewId)]);
    return interviewIds.filter((id) => !settled.has(id)).length;
  }
}
