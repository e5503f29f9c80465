import { ApiProperty } from '@nestjs/swagger';

export class WebhookSecretRead {
  @ApiProperty({ example: 'whsec_Yc3q…', description: 'Shown once. The previous secret keeps verifying for 24 hours.' })
  secret!: string;
}
