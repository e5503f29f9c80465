import { Module } from '@nestjs/common';
import { CandidatesModule } from '../candidates/candidates.module';
import { InterviewsModule } from '../interviews/interviews.module';
import { JobsModule } from '../jobs/jobs.module';
import { TenantsModule } from '../tenants/tenants.module';
import { InviteTokensRepository } from './invite-tokens.repository';
import { InvitesController } from './invites.controller';
import { InvitesService } from './invites.service';

/** Invite links; features whose routes take the candidate's token import it for CandidateTokenGuard. */
@Module({
  imports: [CandidatesModule, InterviewsModule, JobsModule, TenantsModule],
  controllers: [InvitesController],
  providers: [InvitesService, InviteTokensRepository],
  exports: [InvitesService],
})
export class InvitesModule {}
