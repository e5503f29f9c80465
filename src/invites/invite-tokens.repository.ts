import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { TenantRepository } from '../database/tenant-repository';
import { InviteToken } from './invite-token.entity';

/** The organization's invite tokens (a token is found by its hash through SystemRepository). */
@Injectable()
export class InviteTokensRepository extends TenantRepository {
  add(fields: Pick<InviteToken, 'interviewId' | 'candidateId' | 'tokenHash' | 'expiresAt'>): Promise<InviteToken> {
    return this.with(InviteToken, (r) => r.save(r.create({ ...fields, tenantId: this.tenantId, usedAt: null, revokedAt: null })));
  }

  async revokeLiveForInterview(interviewId: number): Promise<void> {
    await this.with(InviteToken, (r) => r.update({ tenantId: this.tenantId, interviewId, revokedAt: IsNull() }, { revokedAt: new Date() }));
  }

  /** Sets used_at on the first use only. */
  async markUsed(id: number): Promise<void> {
    await this.with(InviteToken, (r) => r.update({ tenantId: this.tenantId, id, usedAt: IsNull() }, { usedAt: new Date() }));
  }
}
