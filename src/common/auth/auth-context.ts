import type { Request } from 'express';
import type { Role } from '../../users/user.entity';

/** Who is calling (a user's access token). The organization they act for is ambient too (see TenantScope). */
export interface AuthContext {
  userId: number;
  tenantId: number;
  role: Role;
  email: string;
}

export type AuthenticatedRequest = Request & { id?: string; auth?: AuthContext };
