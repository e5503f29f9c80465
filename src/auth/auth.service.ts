import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuthContext } from '../common/auth/auth-context';
import { randomToken, sha256 } from '../common/crypto';
import { AppException } from '../common/errors/app.exception';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { SystemRepository } from '../database/system.repository';
import { TenantScope } from '../database/tenant-scope';
import { UserRead } from '../users/dto/user.dto';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { AuthRepository } from './auth.repository';
import { AuthTokens, ChangePasswordDto, LoginDto, RegisterDto, SetPasswordDto, UpdateMeDto } from './dto/auth.dto';
import { hashPassword, verifyPassword } from './password-hasher';

const INVALID_LOGIN = 'E-mail or password is incorrect';
const INVALID_REFRESH = 'Refresh token is invalid or expired';

@Injectable()
export class AuthService {
  constructor(
    private readonly database: Database,
    private readonly system: SystemRepository,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly tokens: AuthRepository,
  ) {}

  /** A new organization and its first admin, signed in: found and created as the system, issued as the organization. */
  async register(dto: RegisterDto): Promise<AuthTokens> {
    const passwordHash = await hashPassword(dto.password);
    return this.database.system(async () => {
      if (await this.system.userByEmail(dto.email)) throw AppException.conflict('A user with this e-mail already exists');
      const tenant = await this.system.createTenant(dto.organization_name);
      await this.database.narrow(tenant.id);
      const user = await this.users.createAccount({ email: dto.email, name: dto.name, role: 'admin', passwordHash });
      return this.issue(user, randomUUID());
    });
  }

  async login(dto: LoginDto): Promise<AuthTokens> {
    const user = await this.system.userByEmail(dto.email);
    const ok = await verifyPassword(dto.password, user?.passwordHash ?? null);
    if (!user || !ok) throw AppException.unauthorized(INVALID_LOGIN);
    return TenantScope.run(user.tenantId, () => this.database.transaction(() => this.issue(user, randomUUID())));
  }

  /**
   * Rotation: the presented token dies and a new one of the same family is issued. Presenting a token
   * that is already dead (a stolen copy used after the owner rotated, or vice versa) revokes the family.
   */
  async refresh(refreshToken: string): Promise<AuthTokens> {
    const outcome = await this.database.system(async () => {
      const stored = await this.system.refreshTokenByHash(sha256(refreshToken));
      if (!stored) return 'invalid' as const;
      if (stored.expiresAt <= new Date()) return 'invalid' as const;
      await this.database.narrow(stored.tenantId);
      if (!(await this.tokens.revokeIfLive(stored.id))) {
        await this.tokens.revokeFamily(stored.familyId);
        return 'reused' as const;
      }
      const user = await this.users.find(stored.userId);
      if (!user) return 'invalid' as const;
      return this.issue(user, stored.familyId);
    });
    if (typeof outcome === 'string') throw AppException.unauthorized(INVALID_REFRESH);
    return outcome;
  }

  async logout(refreshToken: string): Promise<void> {
    const stored = await this.system.refreshTokenByHash(sha256(refreshToken));
    if (stored) await this.system.revokeRefreshFamily(stored.familyId);
  }

  async me(auth: AuthContext): Promise<UserRead> {
    return UserRead.from(await this.currentUser(auth));
  }

  async updateMe(auth: AuthContext, dto: UpdateMeDto): Promise<UserRead> {
    if (dto.email) {
      const holder = await this.system.userByEmail(dto.email);
      if (holder && holder.id !== auth.userId) throw AppException.conflict('A user with this e-mail already exists');
    }
    await this.users.updateAccount(auth.userId, { name: dto.name, email: dto.email });
    return this.me(auth);
  }

  async changePassword(auth: AuthContext, dto: ChangePasswordDto): Promise<void> {
    const user = await this.currentUser(auth);
    if (!(await verifyPassword(dto.current_password, user.passwordHash))) {
      throw AppException.validation('Current password is incorrect', [{ field: 'current_password', messages: ['is incorrect'] }]);
    }
    const passwordHash = await hashPassword(dto.new_password);
    await this.database.transaction(async () => {
      await this.users.updateAccount(auth.userId, { passwordHash });
      await this.tokens.revokeAllForUser(auth.userId);
    });
  }

  async setPassword(dto: SetPasswordDto): Promise<AuthTokens> {
    const passwordHash = await hashPassword(dto.password);
    return this.database.system(async () => {
      const user = await this.system.consumePasswordSetupToken(sha256(dto.token));
      if (!user) throw AppException.invalidToken();
      await this.database.narrow(user.tenantId);
      await this.users.updateAccount(user.id, { passwordHash });
      await this.tokens.revokeAllForUser(user.id);
      return this.issue(user, randomUUID());
    });
  }

  private async currentUser(auth: AuthContext): Promise<User> {
    const user = await this.users.find(auth.userId);
    if (!user) throw AppException.unauthorized();
    return user;
  }

  /** A refresh token (in the ambient transaction, of the user's organization) and an access token. */
  private async issue(user: User, familyId: string): Promise<AuthTokens> {
    const refreshToken = randomToken();
    await this.tokens.addRefreshToken({
      userId: user.id,
      familyId,
      tokenHash: sha256(refreshToken),
      expiresAt: new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_DAYS * 86_400_000),
    });
    const accessToken = await this.jwt.signAsync({ sub: user.id, tid: user.tenantId, typ: 'access' });
    return {
      access_token: accessToken,
      refresh_token: refreshToken,
      token_type: 'Bearer',
      expires_in: this.config.JWT_ACCESS_TTL_SECONDS,
      user: UserRead.from(user),
    };
  }
}
