import { Column, Entity, Index } from 'typeorm';
import { TenantOwnedEntity } from '../database/tenant-owned.entity';

export const ROLES = ['admin', 'recruiter', 'readonly'] as const;
export type Role = (typeof ROLES)[number];

@Entity('users')
@Index(['tenantId', 'id'])
export class User extends TenantOwnedEntity {
  /** Stored lower-cased; unique across tenants because login takes only the e-mail. */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 20 })
  role!: Role;

  /** scrypt hash; null until an invited user sets a password. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  passwordHash!: string | null;
}
