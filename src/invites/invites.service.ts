import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Candidate } from '../candidates/candidate.entity';
import { candidateRef } from '../candidates/candidate-ref';
import { CandidatesService } from '../candidates/candidates.service';
import { CandidateRead } from '../candidates/dto/candidate.dto';
import { AuthContext } from '../common/auth/auth-context';
import { randomToken, sha256 } from '../common/crypto';
import { AppException } from '../common/errors/app.exception';
import { RequestContext } from '../common/http/request-context';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { SystemRepository } from '../database/system.repository';
import { Interview } from '../interviews/interview.entity';
import { InterviewsService } from '../interviews/interviews.service';
import { JobsService } from '../jobs/jobs.service';
import { MailService } from '../mail/mail.service';
import { OutboxDispatcher } from '../mail/outbox.dispatcher';
import { QuestionsService } from '../questions/questions.service';
import { TenantsService } from '../tenants/tenants.service';
import { SendLinkDto, SendLinkRead } from './dto/invite.dto';
import { InviteToken } from './invite-token.entity';
import { InviteTokensRepository } from './invite-tokens.repository';

export interface ResolvedInvite {
  invite: InviteToken;
  interview: Interview;
  candidate: Candidate;
}

const formatExpiry = (d: Date): string => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

@Injectable()
export class InvitesService implements OnModuleInit {
  private readonly logger = new Logger('Invites');

  constructor(
    private readonly database: Database,
    private readonly system: SystemRepository,
    private readonly config: AppConfig,
    private readonly tenants: TenantsService,
    private readonly candidates: CandidatesService,
    private readonly jobs: JobsService,
    private readonly interviews: InterviewsService,
    private readonly tokens: InviteTokensRepository,
    private readonly mail: MailService,
    private readonly dispatcher: OutboxDispatcher,
    private readonly questions: QuestionsService,
  ) {}

  /** A cancelled interview's links stop working at once, in the cancelling transaction. */
  onModuleInit(): void {
    this.interviews.onCancel((interviewId) => this.tokens.revokeLiveForInterview(interviewId));
  }

  /** Sets used_at on the token's first use. */
  async markUsed(invite: InviteToken): Promise<void> {
    if (!invite.usedAt) await this.tokens.markUsed(invite.id);
  }

  /**
   * Issues a new invite link (the previous one of the interview stops working) and writes the e-mail to
   * the outbox in the same transaction: the link and its e-mail exist together or not at all.
   */
  async sendLink(auth: AuthContext, candidateId: number, dto: SendLinkDto): Promise<SendLinkRead> {
    const token = randomToken(32);
    // The interview's questions are fixed when its first link goes out, so the candidate app never waits
    // for question generation (an LLM call when configured). Generated outside the transaction.
    const target = await this.candidates.find(candidateId);
    const targetJob = target ? await this.jobs.find(target.jobId) : null;
    const questionSet = targetJob ? await this.questions.forJob(targetJob) : null;
    const result = await this.database.transaction(async () => {
      // Locked: two concurrent sends for one candidate would otherwise both create an interview or both
      // revoke only the older link, leaving two live links.
      const candidate = await this.candidates.lock(candidateId);
      if (!candidate) throw AppException.notFound('Candidate');
      const tenant = await this.tenants.current();
      const job = await this.jobs.find(candidate.jobId);
      if (!tenant || !job) throw AppException.notFound('Candidate');

      let interview: Interview | null;
      if (dto.interview_id !== undefined) {
        interview = await this.interviews.lock(dto.interview_id);
        if (!interview || interview.candidateId !== candidate.id) throw AppException.notFound('Interview');
        if (!['scheduled', 'in_progress'].includes(interview.status)) {
          throw AppException.conflict(`A ${interview.status} interview cannot get a new link`);
        }
      } else {
        interview =
          (await this.interviews.latestOpenForCandidate(candidate.id)) ??
          (await this.interviews.schedule({ candidateId: candidate.id, jobId: candidate.jobId, createdByUserId: auth.userId }));
      }

      const expiresAt = new Date(Date.now() + (dto.ttl_hours ?? tenant.defaultTokenTtlHours) * 3_600_000);
      await this.tokens.revokeLiveForInterview(interview.id);
      await this.tokens.add({ interviewId: interview.id, candidateId: candidate.id, tokenHash: sha256(token), expiresAt });
      await this.interviews.update(interview.id, {
        expiresAt,
        ...(interview.questions || !questionSet ? {} : { questions: questionSet.questions }),
      });
      await this.candidates.advanceStatus(candidate.id, ['new'], 'invited');

      const link = `${this.config.FRONTEND_URL.replace(/\/$/, '')}/interview#token=${token}`;
      await this.mail.enqueue(
        { address: candidate.email, kind: 'invite', subjectRef: candidateRef(candidate.id) },
        {
          subject: `Your interview for ${job.title} at ${tenant.companyName}`,
          paragraphs: [
            `Hello ${candidate.name},`,
            `${tenant.companyName} invites you to an online interview for the ${job.title} position. It takes about 20 minutes; you can do it from your phone or computer.`,
            `The link is personal and valid until ${formatExpiry(expiresAt)}.`,
          ],
          action: { label: 'Start your interview', url: link },
        },
      );
      return { candidate_id: candidate.id, interview_id: interview.id, expires_at: expiresAt.toISOString(), link, email_status: 'queued' as const };
    });
    // Send now rather than at the next tick; a failure here is retried by the dispatcher.
    this.dispatcher.dispatchDue().catch((e: unknown) => this.logger.warn({ err: e }, 'immediate outbox dispatch failed'));
    return result;
  }

  /**
   * The invite behind a token, or INVALID_TOKEN: unknown, expired, revoked and erased tokens all answer
   * the same, so a caller cannot tell which.
   */
  async resolve(token: string): Promise<ResolvedInvite> {
    const invite = await this.system.inviteTokenByHash(sha256(token));
    if (!invite || !invite.isLive()) throw AppException.invalidToken();
    // From here the request acts for the token's organization.
    RequestContext.identify({ tenantId: invite.tenantId, inviteTokenId: invite.id });
    const interview = await this.interviews.find(invite.interviewId);
    const candidate = await this.candidates.find(invite.candidateId);
    if (!interview || !candidate || interview.status === 'cancelled') throw AppException.invalidToken();
    return { invite, interview, candidate };
  }

  async verify({ invite, candidate }: ResolvedInvite, markUsed: boolean): Promise<CandidateRead> {
    if (markUsed) await this.markUsed(invite);
    return CandidateRead.from(candidate);
  }
}
