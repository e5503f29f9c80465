import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { PasswordSetupToken } from './password-setup-token.entity';
import { RefreshToken } from './refresh-token.entity';

@Injectable()
export class AuthRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  addRefreshToken(
    manager: EntityManager,
    fields: Pick<RefreshToken, 'tenantId' | 'userId' | 'familyId' | 'tokenHash' | 'expiresAt'>,
  ): Promise<RefreshToken> {
    const repo = manager.getRepository(RefreshToken);
    return repo.save(repo.create({ ...fields, revokedAt: null }));
  }

  findRefreshToken(tokenHash: string, manager: EntityManager = this.db.manager): Promise<RefreshToken | null> {
    return manager.getRepository(RefreshToken).findOneBy({ tokenHash });
  }

  /** Revokes one live token; false when it was already revoked (by a concurrent rotation too). */
  async revokeIfLive(manager: EntityManager, id: number): Promise<boolean> {
    const result = await manager.getRepository(RefreshToken).update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
    return (result.affected ?? 0) > 0;
  }

  async revokeFamily(familyId: string, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.getRepository(RefreshToken).update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  async revokeAllForUser(userId: number, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.getRepository(RefreshToken).update({ userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  addPasswordSetupToken(manager: EntityManager, fields: Pick<PasswordSetupToken, 'userId' | 'tokenHash' | 'expiresAt'>): Promise<PasswordSetupToken> {
    const repo = manager.getRepository(PasswordSetupToken);
    return repo.save(repo.create({ ...fields, usedAt: null }));
  }

  /** Marks a live setup token used and returns its user id, or null if unknown, used or expired. */
  async consumePasswordSetupToken(manager: EntityManager, tokenHash: string): Promise<number | null> {
    const rows: [Array<{ user_id: number }>, number] = await manager.query(
      `UPDATE password_setup_tokens SET used_at = now()
       WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING user_id`,
      [tokenHash],
    );
    return rows[0][0]?.user_id ?? null;
  }
}
