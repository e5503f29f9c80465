import { DynamicModule, Global, Module } from '@nestjs/common';
import { SecretBox } from '../common/secret-box';
import { CandidatesModule } from '../candidates/candidates.module';
import { AppConfig } from '../config/app-config';
import { DevOutboxController } from './dev-outbox.controller';
import { MailProvider } from './mail-provider';
import { MailService } from './mail.service';
import { MockMailProvider } from './mock.provider';
import { OutboxDispatcher } from './outbox.dispatcher';
import { OUTBOX_BOX, OutboxRepository } from './outbox.repository';
import { ResendMailProvider } from './resend.provider';

/** Sending e-mail: infrastructure every feature may queue into, so it is global; it exports no repository. */
@Global()
@Module({})
export class MailModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: MailModule,
      controllers: config.isProduction ? [] : [DevOutboxController],
      providers: [
        OutboxRepository,
        MailService,
        OutboxDispatcher,
        { provide: OUTBOX_BOX, useFactory: () => new SecretBox(config.JWT_SECRET, 'outbox-action-link') },
        {
          provide: MailProvider,
          useFactory: () => (config.RESEND_API_KEY ? new ResendMailProvider(config) : new MockMailProvider(!config.isProduction)),
        },
      ],
      imports: [CandidatesModule],
      exports: [MailService, OutboxDispatcher],
    };
  }
}
