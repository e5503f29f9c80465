import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { InviteToken } from './invite-token.entity';

@Injectable()
export class InviteTokensRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private repo(manager: EntityManager = this.db.manager) {
    return manager.getRepository(InviteToken);
  }

  add(manager: EntityManager, fields: Pick<InviteToken, 'tenantId' | 'interviewId' | 'candidateId' | 'tokenHash' | 'expiresAt'>): Promise<InviteToken> {
    return this.repo(manager).save(this.repo(manager).create({ ...fields, usedAt: null, revokedAt: null }));
  }

  /** Lookup by the token's SHA-256 (an index probe on the hash: its timing says nothing about the token). */
  findByHash(tokenHash: string, manager?: EntityManager): Promise<InviteToken | null> {
    return this.repo(manager).findOneBy({ tokenHash });
  }

  async revokeLiveForInterview(manager: EntityManager, tenantId: number, interviewId: number): Promise<void> {
    await this.repo(manager).update({ tenantId, interviewId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** Sets used_at on the first use only. */
  async markUsed(id: number): Promise<void> {
    await this.repo().update({ id, usedAt: IsNull() }, { usedAt: new Date() });
  }
}
