import { Injectable, OnModuleInit } from '@nestjs/common';
import { ErasureService } from '../candidates/erasure.service';
import { InterviewAnalysis } from '../analysis/interview-analysis.entity';
import { candidateRef } from '../candidates/candidate-ref';
import { randomToken } from '../common/crypto';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { Interview } from '../interviews/interview.entity';
import { MailService } from '../mail/mail.service';
import { TenantsService } from '../tenants/tenants.service';
import { UsersService } from '../users/users.service';
import { WebhookSecretRead } from './dto/webhook.dto';
import { WebhooksRepository } from './webhooks.repository';

const ROTATION_GRACE_MS = 24 * 3_600_000;

@Injectable()
export class WebhooksService implements OnModuleInit {
  constructor(
    private readonly database: Database,
    private readonly config: AppConfig,
    private readonly webhooks: WebhooksRepository,
    private readonly tenants: TenantsService,
    private readonly users: UsersService,
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

  /** The secrets that verify the organization's inbound signatures now (see SignedWebhookGuard). */
  liveSecrets(): Promise<string[]> {
    return this.webhooks.liveSecrets();
  }

  hasSecret(): Promise<boolean> {
    return this.webhooks.hasSecret();
  }

  /**
   * Tells people that an interview's analysis is ready, through durable queues in the ambient transaction
   * (the one that marks it ready, see AnalysisService.announce): an e-mail to the interview's recruiter and
   * a signed POST to the organization's webhook URL.
   */
  async queueAnalysisReady(interview: Interview, analysis: InterviewAnalysis): Promise<void> {
    const tenant = await this.tenants.current();
    if (tenant) await this.queueNotifications(tenant.webhookUrl, interview, analysis);
  }

  private async queueNotifications(webhookUrl: string | null, interview: Interview, analysis: InterviewAnalysis): Promise<void> {
    const recruiter = await this.users.recipientFor(interview.createdByUserId);
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
}
