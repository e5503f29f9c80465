import { Global, Module } from '@nestjs/common';
import { ConversationController } from './conversation.controller';
import { ConversationRepository } from './conversation.repository';
import { ConversationService } from './conversation.service';

@Global()
@Module({ controllers: [ConversationController], providers: [ConversationService, ConversationRepository], exports: [ConversationService, ConversationRepository] })
export class ConversationModule {}
