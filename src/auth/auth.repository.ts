import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { TenantRepository } from '../database/tenant-repository';
import { RefreshToken } from './refresh-token.entity';

/** The organization's refresh tokens (found by hash through SystemRepository). */
@Injectable()
export class AuthRepository extends TenantRepository {
  addRefreshToken(fields: Pick<RefreshToken, 'userId' | 'familyId' | 'tokenHash' | 'expiresAt'>): Promise<RefreshToken> {
    return this.with(RefreshToken, (r) => r.save(r.create({ ...fields, tenantId: this.tenantId, revokedAt: null })));
  }

  /** Revokes one live token; false when it was already revoked (by a concurrent rotation too). */
  async revokeIfLive(id: number): Promise<boolean> {
    const result = await this.with(RefreshToken, (r) => r.update({ tenantId: this.tenantId, id, revokedAt: IsNull() }, { revokedAt: new Date() }));
    return (result.affected ?? 0) > 0;
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.with(RefreshToken, (r) => r.update({ tenantId: this.tenantId, familyId, revokedAt: IsNull() }, { revokedAt: new Date() }));
  }

  async revokeAllForUser(userId: number): Promise<void> {
    await this.with(RefreshToken, (r) => r.update({ tenantId: this.tenantId, userId, revokedAt: IsNull() }, { revokedAt: new Date() }));
  }
}
