import { Global, Module } from '@nestjs/common';
import { InviteTokensRepository } from './invite-tokens.repository';
import { InvitesController } from './invites.controller';
import { InvitesService } from './invites.service';

@Global()
@Module({ controllers: [InvitesController], providers: [InvitesService, InviteTokensRepository], exports: [InvitesService, InviteTokensRepository] })
export class InvitesModule {}
