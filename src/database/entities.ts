import { BackgroundJob } from '../background/background-job.entity';
import { ConversationMessage } from '../conversation/conversation-message.entity';
import { MetricSample } from '../metrics/metric-sample.entity';
import { RequestCount } from '../metrics/request-count.entity';
import { Transcript } from '../transcripts/transcript.entity';
import { MediaUpload } from '../uploads/media-upload.entity';
import { WebhookDelivery } from '../webhooks/webhook-delivery.entity';
import { WebhookReplay } from '../webhooks/webhook-replay.entity';
import { WebhookSecret } from '../webhooks/webhook-secret.entity';
import { InterviewAnalysis } from '../analysis/interview-analysis.entity';
import { AccessLog } from '../audit/access-log.entity';
import { Candidate } from '../candidates/candidate.entity';
import { Interview } from '../interviews/interview.entity';
import { InviteToken } from '../invites/invite-token.entity';
import { Job } from '../jobs/job.entity';
import { PasswordSetupToken } from '../users/password-setup-token.entity';
import { RefreshToken } from '../auth/refresh-token.entity';
import { OutboxMessage } from '../mail/outbox-message.entity';
import { Tenant } from '../tenants/tenant.entity';
import { User } from '../users/user.entity';

/** Every entity, listed explicitly so the same list serves the app, the CLI and the tests. */
export const ENTITIES = [BackgroundJob, Tenant, User, RefreshToken, PasswordSetupToken, OutboxMessage, Job, Candidate, Interview, InviteToken, ConversationMessage, Transcript, MediaUpload, MetricSample, RequestCount, InterviewAnalysis, WebhookSecret, WebhookReplay, WebhookDelivery, AccessLog];
