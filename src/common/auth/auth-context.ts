import type { Request } from 'express';
import type { Role } from '../../users/user.entity';

/** Who is calling. Every tenant-scoped repository method takes `tenantId` from here. */
export interface AuthContext {
  userId: number;
  tenantId: number;
  role: Role;
  email: string;
}

export type AuthenticatedRequest = Request & { id?: string; auth?: AuthContext };
