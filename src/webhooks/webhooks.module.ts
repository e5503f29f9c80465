import { Global, Module } from '@nestjs/common';
import { WebhookDispatcher } from './webhook.dispatcher';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

@Global()
@Module({ controllers: [WebhooksController], providers: [WebhooksService, WebhooksRepository, WebhookDispatcher], exports: [WebhooksService, WebhooksRepository, WebhookDispatcher] })
export class WebhooksModule {}
