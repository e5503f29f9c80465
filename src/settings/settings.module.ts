import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { SettingsController } from './settings.controller';
import { SettingsService } from './settings.service';

@Module({ imports: [TenantsModule, WebhooksModule], controllers: [SettingsController], providers: [SettingsService] })
export class SettingsModule {}
