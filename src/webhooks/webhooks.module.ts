import { Module } from '@nestjs/common';
import { CandidatesModule } from '../candidates/candidates.module';
import { TenantsModule } from '../tenants/tenants.module';
import { UsersModule } from '../users/users.module';
import { WebhookDispatcher } from './webhook.dispatcher';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/** Outbound webhooks and the organization's signing secrets; inbound signatures are checked by SignedWebhookGuard. */
@Module({
  imports: [TenantsModule, UsersModule, CandidatesModule],
  providers: [WebhooksService, WebhooksRepository, WebhookDispatcher],
  exports: [WebhooksService, WebhookDispatcher],
})
export class WebhooksModule {}
