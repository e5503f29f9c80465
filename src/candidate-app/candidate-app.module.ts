import { Module } from '@nestjs/common';
import { CandidatesModule } from '../candidates/candidates.module';
import { ConversationModule } from '../conversation/conversation.module';
import { InterviewsModule } from '../interviews/interviews.module';
import { InvitesModule } from '../invites/invites.module';
import { JobsModule } from '../jobs/jobs.module';
import { TenantsModule } from '../tenants/tenants.module';
import { UsersModule } from '../users/users.module';
import { CandidateAppController } from './candidate-app.controller';
import { CandidateAppService } from './candidate-app.service';

@Module({
  imports: [InvitesModule, InterviewsModule, CandidatesModule, JobsModule, TenantsModule, UsersModule, ConversationModule],
  controllers: [CandidateAppController],
  providers: [CandidateAppService],
})
export class CandidateAppModule {}
