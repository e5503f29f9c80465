import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DataSource, EntityManager } from 'typeorm';
import { AnalysesRepository } from '../analysis/analyses.repository';
import { InterviewAnalysis } from '../analysis/interview-analysis.entity';
import { candidateRef } from '../candidates/candidates.repository';
import { AuthContext } from '../common/auth/auth-context';
import { randomToken } from '../common/crypto';
import { AppException } from '../common/errors/app.exception';
import { validationExceptionFactory } from '../common/errors/validation';
import { AppConfig } from '../config/app-config';
import { Interview } from '../interviews/interview.entity';
import { InterviewsRepository } from '../interviews/interviews.repository';
import { MailService } from '../mail/mail.service';
import { TenantsRepository } from '../tenants/tenants.repository';
import { UsersRepository } from '../users/users.repository';
import { AnalysisReadyDto, WebhookSecretRead } from './dto/webhook.dto';
import { parseSignatureHeader, SIGNATURE_TOLERANCE_SECONDS, verifySignature } from './signature';
import { WebhooksRepository } from './webhooks.repository';

const ROTATION_GRACE_MS = 24 * 3_600_000;

@Injectable()
export class WebhooksService {
  private readonly logger = new Logger('Webhooks');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly webhooks: WebhooksRepository,
    private readonly tenants: TenantsRepository,
    private readonly interviews: InterviewsRepository,
    private readonly analyses: AnalysesRepository,
    private readonly users: UsersRepository,
    private readonly mail: MailService,
  ) {}

  async rotateSecret(auth: AuthContext): Promise<WebhookSecretRead> {
    const secret = `whsec_${randomToken(32)}`;
    await this.db.transaction((manager) => this.webhooks.rotate(manager, auth.tenantId, secret, ROTATION_GRACE_MS));
    return { secret };
  }

  /**
   * The analysis-ready trigger. Authenticated by the signature alone: the tenant named in the body must
   * have signed the exact raw body within five minutes, and each signature is accepted once. Anything
   * short of that is 401 and changes nothing.
   */
  async analysisReady(rawBody: Buffer | undefined, header: string | undefined, body: unknown): Promise<void> {
    const tenantId = (body as { tenant_id?: unknown } | null)?.tenant_id;
    if (!rawBody || !Number.isInteger(tenantId) || (tenantId as number) < 1 || (tenantId as number) > 2147483647) throw this.refused('missing');
    const secrets = await this.webhooks.liveSecrets(tenantId as number);
    const now = Math.floor(Date.now() / 1000);
    const outcome = verifySignature(header, rawBody, secrets, now);
    if (!outcome.ok) throw this.refused(outcome.reason);
    // Remembered for as long as the signature could still be accepted (a sender's clock may run ahead).
    const signedAt = parseSignatureHeader(header)?.timestamp ?? now;
    const forgetAt = new Date((Math.max(now, signedAt) + SIGNATURE_TOLERANCE_SECONDS + 60) * 1000);
    if (!(await this.webhooks.rememberSignature(outcome.signature, forgetAt))) {
      throw this.refused('replayed');
    }
    const dto = plainToInstance(AnalysisReadyDto, body);
    const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) throw validationExceptionFactory(errors);

    const interview = await this.interviews.findForTenant(dto.tenant_id, dto.interview_id);
    if (!interview) throw AppException.notFound('Interview');
    const analysis =
      dto.analysis_id !== undefined
        ? await this.analyses.findForInterview(dto.tenant_id, interview.id, dto.analysis_id)
        : await this.analyses.latestForInterview(dto.tenant_id, interview.id);
    if (!analysis) throw AppException.notFound('Analysis');
    await this.notifyReady(interview, analysis);
  }

  /**
   * Marks the analysis ready and, the first time, tells people: an e-mail to the interview's recruiter
   * and a signed POST to the organization's webhook URL, both through durable queues.
   */
  async notifyReady(interview: Interview, analysis: InterviewAnalysis): Promise<void> {
    // One transaction: marked ready if and only if the notifications are queued.
    await this.db.transaction((manager) => this.notifyReadyWithin(manager, interview, analysis));
  }

  /** As notifyReady, in the caller's transaction (the one that scored the interview). */
  async notifyReadyWithin(manager: EntityManager, interview: Interview, analysis: InterviewAnalysis): Promise<void> {
    const tenant = await this.tenants.findById(interview.tenantId, manager);
    if (!tenant) return;
    if (!(await this.analyses.markReady(manager, interview.tenantId, analysis.id))) return;
    const recruiter =
      (interview.createdByUserId ? await this.users.findForTenant(interview.tenantId, interview.createdByUserId, manager) : null) ??
      (await this.users.firstAdmin(interview.tenantId, manager));
    if (recruiter) {
      await this.mail.enqueue(
        manager,
        { tenantId: interview.tenantId, address: recruiter.email, kind: 'analysis_ready', subjectRef: candidateRef(interview.candidateId) },
        {
          subject: `Interview #${interview.id} has been scored: ${analysis.overallScore}/100`,
          paragraphs: [`Hello ${recruiter.name},`, `The analysis of interview #${interview.id} is ready.`, analysis.summary],
          action: { label: 'Read the analysis', url: `${this.config.FRONTEND_URL.replace(/\/$/, '')}/admin/interviews/${interview.id}` },
        },
      );
    }
    if (tenant.webhookUrl) {
      const payload = {
        event: 'analysis.ready',
        tenant_id: interview.tenantId,
        interview_id: interview.id,
        candidate_id: interview.candidateId,
        analysis_id: analysis.id,
        overall_score: analysis.overallScore,
        model_used: analysis.modelUsed,
        created_at: analysis.createdAt.toISOString(),
      };
      await this.webhooks.addDelivery(manager, {
        tenantId: interview.tenantId,
        event: 'analysis.ready',
        url: tenant.webhookUrl,
        payload: JSON.stringify(payload),
        subjectRef: candidateRef(interview.candidateId),
      });
    }
  }

  private refused(reason: string): AppException {
    this.logger.warn({ reason }, 'webhook signature refused');
    return AppException.unauthorized('Missing, invalid, expired or replayed signature');
  }
}
