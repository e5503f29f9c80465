import { Injectable } from '@nestjs/common';
import { BackgroundJobs } from '../background/background-jobs';
import { candidateRef } from '../candidates/candidate-ref';
import { CandidatesService } from '../candidates/candidates.service';
import { AppException } from '../common/errors/app.exception';
import { ConversationMessage } from '../conversation/conversation-message.entity';
import { ConversationService } from '../conversation/conversation.service';
import { ConversationMessageRead } from '../conversation/dto/conversation.dto';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { interviewCompleted } from '../interviews/interview-events';
import { Interview } from '../interviews/interview.entity';
import { InterviewsService } from '../interviews/interviews.service';
import { InvitesService } from '../invites/invites.service';
import type { ResolvedInvite } from '../invites/invites.service';
import { JobsService } from '../jobs/jobs.service';
import { MailService } from '../mail/mail.service';
import { QuestionsService } from '../questions/questions.service';
import { InterviewQuestion } from '../questions/question.types';
import { TenantsService } from '../tenants/tenants.service';
import { UsersService } from '../users/users.service';
import { AnswerRead, PublicInterviewRead, StartRead } from './dto/candidate-app.dto';

const CLOSING = 'Thank you, that was the last question. Your answers have been sent to the hiring team.';

/**
 * The candidate app's API. The invite token is the credential: CandidateTokenGuard resolves it for every
 * request (an unknown, expired or revoked token answers the same INVALID_TOKEN) and the request acts for
 * its organization.
 */
@Injectable()
export class CandidateAppService {
  constructor(
    private readonly database: Database,
    private readonly config: AppConfig,
    private readonly invites: InvitesService,
    private readonly interviews: InterviewsService,
    private readonly candidates: CandidatesService,
    private readonly jobs: JobsService,
    private readonly tenants: TenantsService,
    private readonly users: UsersService,
    private readonly questions: QuestionsService,
    private readonly conversation: ConversationService,
    private readonly mail: MailService,
    private readonly background: BackgroundJobs,
  ) {}

  info(invite: ResolvedInvite): Promise<PublicInterviewRead> {
    return this.describe(invite);
  }

  async consent(invite: ResolvedInvite, ip: string | undefined): Promise<PublicInterviewRead> {
    const { interview } = invite;
    if (!interview.consentAt) {
      const tenant = await this.tenants.current();
      await this.interviews.recordConsent(interview.id, (ip ?? 'unknown').slice(0, 64), tenant?.consentTextVersion ?? 'v1');
    }
    const current = await this.interviews.find(interview.id);
    if (!current) throw AppException.invalidToken();
    return this.describe({ ...invite, interview: current });
  }

  /** Starts the interview (first call) or returns the current question (later calls). */
  async start({ invite, interview, candidate }: ResolvedInvite): Promise<StartRead> {
    const tenant = await this.tenants.current();
    const job = await this.jobs.find(interview.jobId);
    if (!tenant || !job) throw AppException.invalidToken();
    // Generated before the transaction: it may call an LLM, and it writes through its own connection.
    const set = interview.questions ? null : await this.questions.forJob(job);
    const message = await this.database.transaction(async () => {
      const current = await this.lock(interview);
      if (current.status === 'in_progress') return this.currentQuestion(current);
      if (current.status !== 'scheduled') throw this.notOpen(current);
      if (tenant.consentRequired && !current.consentAt) {
        throw AppException.conflict('Consent is required before the interview starts', { reason: 'CONSENT_REQUIRED' });
      }
      const questions = current.questions ?? set?.questions ?? [];
      await this.interviews.begin(current.id, questions);
      await this.candidates.advanceStatus(candidate.id, ['new', 'invited'], 'interviewing');
      const first = questions[0];
      const greeting = `Hello ${firstName(candidate.name)}, welcome to your interview for ${job.title} at ${tenant.companyName}. There are ${questions.length} questions. ${first.text}`;
      await this.conversation.assertRoom(current.id, 1);
      return this.conversation.append({ interviewId: current.id, role: 'assistant', content: greeting, sequenceNumber: 1, questionId: first.id });
    });
    await this.invites.markUsed(invite);
    return { assistant_message: ConversationMessageRead.from(message), is_complete: false };
  }

  /**
   * Stores the answer and asks the next question, in one transaction holding the interview's row lock:
   * concurrent or repeated submissions are serialised, so sequence numbers have no gaps or duplicates and
   * a question is never asked twice. A request repeating an earlier Idempotency-Key returns the stored
   * exchange instead of answering again.
   */
  async answer({ interview }: ResolvedInvite, content: string, idempotencyKey?: string): Promise<AnswerRead> {
    let completedJob: number | null = null;
    const outcome = await this.database.transaction(async () => {
      const current = await this.lock(interview);
      const history = await this.conversation.history(current.id);
      const replay = idempotencyKey ? this.replay(history, idempotencyKey) : null;
      if (replay) return { ...replay, completedNow: false };
      if (current.status === 'scheduled') throw AppException.conflict('Start the interview first', { reason: 'NOT_STARTED' });
      if (current.status !== 'in_progress') throw this.notOpen(current);
      await this.conversation.assertRoom(current.id, 2, history.length);

      const questions = current.questions ?? [];
      const answered = history.filter((m) => m.role === 'user').length;
      const question = questions[answered];
      let sequence = (history.at(-1)?.sequenceNumber ?? 0) + 1;
      const base = { interviewId: current.id };
      const user = await this.conversation.append({
        ...base,
        role: 'user',
        content,
        sequenceNumber: sequence++,
        questionId: question?.id ?? null,
        idempotencyKey: idempotencyKey ?? null,
      });
      const next: InterviewQuestion | undefined = questions[answered + 1];
      if (next) {
        const assistant = await this.conversation.append({ ...base, role: 'assistant', content: next.text, sequenceNumber: sequence, questionId: next.id });
        return { user, assistant, complete: false, completedNow: false };
      }
      const assistant = await this.conversation.append({ ...base, role: 'assistant', content: CLOSING, sequenceNumber: sequence, questionId: null });
      await this.interviews.complete(current.id);
      await this.candidates.advanceStatus(current.candidateId, ['new', 'invited', 'interviewing'], 'interviewed');
      // Scored in the background, after the answer: the candidate does not wait for it.
      completedJob = await this.background.enqueue(interviewCompleted(current.id));
      return { user, assistant, complete: true, completedNow: true };
    });
    if (outcome.completedNow) this.background.runSoon([completedJob]);
    return {
      user_message: ConversationMessageRead.from(outcome.user),
      assistant_message: ConversationMessageRead.from(outcome.assistant),
      is_complete: outcome.complete,
    };
  }

  /** Flags the interview for a human and e-mails the recruiter who created it (or an admin), once. */
  async requestHuman({ interview, candidate }: ResolvedInvite): Promise<void> {
    await this.database.transaction(async () => {
      const current = await this.lock(interview);
      if (current.humanRequestedAt) return;
      await this.interviews.flagHumanRequested(current.id);
      const recruiter = await this.users.recipientFor(current.createdByUserId);
      const job = await this.jobs.find(current.jobId);
      if (!recruiter) return;
      await this.mail.enqueue(
        { address: recruiter.email, kind: 'human_request', subjectRef: candidateRef(candidate.id) },
        {
          subject: `${candidate.name} asked to talk to a person`,
          paragraphs: [
            `Hello ${recruiter.name},`,
            `${candidate.name}, a candidate for ${job?.title ?? 'one of your jobs'}, asked to speak with a person during interview #${current.id}.`,
          ],
          action: { label: 'Open the interview', url: `${this.config.FRONTEND_URL.replace(/\/$/, '')}/admin/interviews/${current.id}` },
        },
      );
    });
  }

  private async describe({ interview, candidate, invite }: ResolvedInvite): Promise<PublicInterviewRead> {
    const [tenant, job, answered] = [
      await this.tenants.current(),
      await this.jobs.find(interview.jobId),
      await this.interviews.answerCount(interview.id),
    ];
    if (!tenant || !job) throw AppException.invalidToken();
    const questionCount = interview.questions?.length ?? (await this.questions.forJob(job)).questions.length;
    return {
      candidate_first_name: firstName(candidate.name),
      position_title: job.title,
      company_name: tenant.companyName,
      status: interview.effectiveStatus(),
      expires_at: invite.expiresAt.toISOString(),
      question_count: questionCount,
      answered_count: answered,
      consent: {
        required: tenant.consentRequired,
        given: Boolean(interview.consentAt),
        text_version: interview.consentTextVersion ?? tenant.consentTextVersion,
        given_at: interview.consentAt?.toISOString() ?? null,
      },
      human_requested: Boolean(interview.humanRequestedAt),
    };
  }

  /** Locks candidate then interview: the same order as invites, so the two never deadlock. */
  private async lock(interview: Interview): Promise<Interview> {
    await this.candidates.lock(interview.candidateId);
    const current = await this.interviews.lock(interview.id);
    if (!current) throw AppException.invalidToken();
    return current;
  }

  private async currentQuestion(interview: Interview): Promise<ConversationMessage> {
    const history = await this.conversation.history(interview.id);
    const last = [...history].reverse().find((m) => m.role === 'assistant');
    if (!last) throw AppException.conflict('The interview has no question yet');
    return last;
  }

  /** The stored exchange of an answer sent before with this Idempotency-Key, else null. */
  private replay(history: ConversationMessage[], idempotencyKey: string): { user: ConversationMessage; assistant: ConversationMessage; complete: boolean } | null {
    const user = history.find((m) => m.role === 'user' && m.idempotencyKey === idempotencyKey);
    const assistant = user && history.find((m) => m.sequenceNumber === user.sequenceNumber + 1);
    if (!user || !assistant) return null;
    return { user, assistant, complete: assistant.questionId === null };
  }

  private notOpen(interview: Interview): AppException {
    return AppException.conflict(`The interview is ${interview.effectiveStatus()}`, { reason: 'NOT_OPEN', status: interview.effectiveStatus() });
  }
}

function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}
