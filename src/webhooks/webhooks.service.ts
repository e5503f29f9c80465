import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ErasureService } from '../candidates/erasure.service';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AnalysesRepository } from '../analysis/analyses.repository';
import { InterviewAnalysis } from '../analysis/interview-analysis.entity';
import { candidateRef } from '../candidates/candidate-ref';
import { randomToken } from '../common/crypto';
import { AppException } from '../common/errors/app.exception';
import { validationExceptionFactory } from '../common/errors/validation';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { SystemRepository } from '../database/system.repository';
import { TenantScope } from '../database/tenant-scope';
import { RequestContext } from '../common/http/request-context';
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
export class WebhooksService implements OnModuleInit {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly database: Database,
    private readonly system: SystemRepository,
    private readonly config: AppConfig,
    private readonly webhooks: WebhooksRepository,
    private readonly tenants: TenantsRepository,
    private readonly interviews: InterviewsRepository,
    private readonly analyses: AnalysesRepository,
    private readonly users: UsersRepository,
    private readonly mail: MailService,
    private readonly erasure: ErasureService,
  ) {}

  /** Erasing candidates erases the webhook deliveries about them, in the erasure's transaction. */
  onModuleInit(): void {
    this.erasure.registerReferences('webhook deliveries', (refs) => this.webhooks.deleteAbout(refs));
  }

  async rotateSecret(): Promise<WebhookSecretRead> {
    const secret = `whsec_${randomToken(32)}`;
    await this.database.transaction(async () => {
      await this.tenants.lock();
      await this.webhooks.rotate(secret, ROTATION_GRACE_MS);
    });
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
    // The secrets of the organization the body names; only a valid signature makes the request that organization's.
    const secrets = await TenantScope.run(tenantId as number, () => this.webhooks.liveSecrets());
    const now = Math.floor(Date.now() / 1000);
    const outcome = verifySignature(header, rawBody, secrets, now);
    if (!outcome.ok) throw this.refused(outcome.reason);
    // Remembered for as long as the signature could still be accepted (a sender's clock may run ahead).
    const signedAt = parseSignatureHeader(header)?.timestamp ?? now;
    const forgetAt = new Date((Math.max(now, signedAt) + SIGNATURE_TOLERANCE_SECONDS + 60) * 1000);
    if (!(await this.system.rememberSignature(outcome.signature, forgetAt))) {
      throw this.refused('replayed');
    }
    const dto = plainToInstance(AnalysisReadyDto, body);
    const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length) throw validationExceptionFactory(errors);

    RequestContext.identify({ tenantId: dto.tenant_id });
    const interview = await this.interviews.find(dto.interview_id);
    if (!interview) throw AppException.notFound('Interview');
    const analysis =
      dto.analysis_id !== undefined ? await this.analyses.findForInterview(interview.id, dto.analysis_id) : await this.analyses.latestForInterview(interview.id);
    if (!analysis) throw AppException.notFound('Analysis');
    await this.notifyReady(interview, analysis);
  }

  /**
   * Marks the analysis ready and, the first time, tells people: an e-mail to the interview's recruiter
   * and a signed POST to the organization's webhook URL, both through durable queues.
   */
  async notifyReady(interview: Interview, analysis: InterviewAnalysis): Promise<void> {
    // One transaction (the ambient one: the job's that scored the interview): marked ready if and only if
    // the notifications are queued.
    await this.database.transaction(async () => {
      const tenant = await this.tenants.current();
      if (!tenant) return;
      if (!(await this.analyses.markReady(analysis.id))) return;
      await this.queueNotifications(tenant.webhookUrl, interview, analysis);
    });
  }

  private async queueNotifications(webhookUrl: string | null, interview: Interview, analysis: InterviewAnalysis): Promise<void> {
    const recruiter = (interview.createdByUserId ? await this.users.find(interview.createdByUserId) : null) ?? (await this.users.firstAdmin());
    if (recruiter) {
      await this.mail.enqueue(
        { address: recruiter.email, kind: 'analysis_ready', subjectRef: candidateRef(interview.candidateId) },
        {
          subject: `Interview #${interview.id} has been scored: ${analysis.overallScore}/100`,
          paragraphs: [`Hello ${recruiter.name},`, `The analysis of interview #${interview.id} is ready.`, analysis.summary],
          action: { label: 'Read the analysis', url: `${this.config.FRONTEND_URL.replace(/\/$/, '')}/admin/interviews/${interview.id}` },
        },
      );
    }
    if (webhookUrl) {
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
      await this.webhooks.addDelivery({
        event: 'analysis.ready',
        url: webhookUrl,
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
