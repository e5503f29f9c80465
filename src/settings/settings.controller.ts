import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth/access.decorators';
import { ErrorEnvelope } from '../common/errors/error-envelope';
import { WebhookSecretRead } from '../webhooks/dto/webhook.dto';
import { WebhooksService } from '../webhooks/webhooks.service';
import { SettingsRead, UpdateSettingsDto } from './dto/settings.dto';
import { SettingsService } from './settings.service';

@ApiTags('settings')
@Controller('settings')
export class SettingsController {
  constructor(
    private readonly settings: SettingsService,
    private readonly webhooks: WebhooksService,
  ) {}

  @Get()
  @Roles('admin', 'recruiter')
  @ApiOperation({ summary: "The organization's settings" })
  @ApiOkResponse({ type: SettingsRead })
  get(): Promise<SettingsRead> {
    return this.settings.get();
  }

  @Patch()
  @Roles('admin')
  @ApiOperation({ summary: "Change the organization's settings" })
  @ApiOkResponse({ type: SettingsRead })
  @ApiBadRequestResponse({ description: 'Invalid input, or a webhook URL that is not allowed', type: ErrorEnvelope })
  update(@Body() dto: UpdateSettingsDto): Promise<SettingsRead> {
    return this.settings.update(dto);
  }

  @Post('webhook-secret\\:rotate')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Make a new webhook signing secret (shown once); the previous one keeps working for 24 hours' })
  @ApiOkResponse({ type: WebhookSecretRead })
  rotate(): Promise<WebhookSecretRead> {
    return this.webhooks.rotateSecret();
  }
}
