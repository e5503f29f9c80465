import { Module } from '@nestjs/common';
import { InterviewsModule } from '../interviews/interviews.module';
import { ConversationController } from './conversation.controller';
import { ConversationRepository } from './conversation.repository';
import { ConversationService } from './conversation.service';

@Module({ imports: [InterviewsModule], controllers: [ConversationController], providers: [ConversationService, ConversationRepository], exports: [ConversationService] })
export class ConversationModule {}
