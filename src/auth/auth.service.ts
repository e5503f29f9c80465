import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthContext } from '../common/auth/auth-context';
import { randomToken, sha256 } from '../common/crypto';
import { AppException } from '../common/errors/app.exception';
import { AppConfig } from '../config/app-config';
import { TenantsRepository } from '../tenants/tenants.repository';
import { UserRead } from '../users/dto/user.dto';
import { User } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { AuthRepository } from './auth.repository';
import { AuthTokens, ChangePasswordDto, LoginDto, RegisterDto, SetPasswordDto, UpdateMeDto } from './dto/auth.dto';
import { hashPassword, verifyPassword } from './password-hasher';

const INVALID_LOGIN = 'E-mail or password is incorrect';
const INVALID_REFRESH = 'Refresh token is invalid or expired';

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly tenants: TenantsRepository,
    private readonly users: UsersRepository,
    private readonly tokens: AuthRepository,
  ) {}

  async register(dto: RegisterDto): Promise<AuthTokens> {
    const passwordHash = await hashPassword(dto.password);
    return this.db.transaction(async (manager) => {
      if (await this.users.findByEmail(dto.email, manager)) throw AppException.conflict('A user with this e-mail already exists');
      const tenant = await this.tenants.create(manager, dto.organization_name);
      const user = await this.users.create(manager, { tenantId: tenant.id, email: dto.email, name: dto.name, role: 'admin', passwordHash });
      return this.issue(manager, user, randomUUID());
    });
  }

  async login(dto: LoginDto): Promise<AuthTokens> {
    const user = await this.users.findByEmail(dto.email);
    const ok = await verifyPassword(dto.password, user?.passwordHash ?? null);
    if (!user || !ok) throw AppException.unauthorized(INVALID_LOGIN);
    return this.db.transaction((manager) => this.issue(manager, user, randomUUID()));
  }

  /**
   * Rotation: the presented token dies and a new one of the same family is issued. Presenting a token
   * that is already dead (a stolen copy used after the owner rotated, or vice versa) revokes the family.
   */
  async refresh(refreshToken: string): Promise<AuthTokens> {
    const outcome = await this.db.transaction(async (manager) => {
      const stored = await this.tokens.findRefreshToken(sha256(refreshToken), manager);
      if (!stored) return 'invalid' as const;
      if (stored.expiresAt <= new Date()) return 'invalid' as const;
      if (!(await this.tokens.revokeIfLive(manager, stored.id))) {
        await this.tokens.revokeFamily(stored.familyId, manager);
        return 'reused' as const;
      }
      const user = await this.users.findForTenant(stored.tenantId, stored.userId, manager);
      if (!user) return 'invalid' as const;
      return this.issue(manager, user, stored.familyId);
    });
    if (typeof outcome === 'string') throw AppException.unauthorized(INVALID_REFRESH);
    return outcome;
  }

  async logout(refreshToken: string): Promise<void> {
    const stored = await this.tokens.findRefreshToken(sha256(refreshToken));
    if (stored) await this.tokens.revokeFamily(stored.familyId);
  }

  async me(auth: AuthContext): Promise<UserRead> {
    return UserRead.from(await this.currentUser(auth));
  }

  async updateMe(auth: AuthContext, dto: UpdateMeDto): Promise<UserRead> {
    if (dto.email) {
      const holder = await this.users.findByEmail(dto.email);
      if (holder && holder.id !== auth.userId) throw AppException.conflict('A user with this e-mail already exists');
    }
    await this.users.update(auth.tenantId, auth.userId, { name: dto.name, email: dto.email });
    return this.me(auth);
  }

  async changePassword(auth: AuthContext, dto: ChangePasswordDto): Promise<void> {
    const user = await this.currentUser(auth);
    if (!(await verifyPassword(dto.current_password, user.passwordHash))) {
      throw AppException.validation('Current password is incorrect', [{ field: 'current_password', messages: ['is incorrect'] }]);
    }
    const passwordHash = await hashPassword(dto.new_password);
    await this.db.transaction(async (manager) => {
      await this.users.update(auth.tenantId, auth.userId, { passwordHash }, manager);
      await this.tokens.revokeAllForUser(auth.userId, manager);
    });
  }

  async setPassword(dto: SetPasswordDto): Promise<AuthTokens> {
    const passwordHash = await hashPassword(dto.password);
    return this.db.transaction(async (manager) => {
      const userId = await this.tokens.consumePasswordSetupToken(manager, sha256(dto.token));
      if (userId === null) throw AppException.invalidToken();
      const user = await this.users.findById(userId, manager);
      if (!user) throw AppException.invalidToken();
      await this.users.update(user.tenantId, user.id, { passwordHash }, manager);
      await this.tokens.revokeAllForUser(user.id, manager);
      return this.issue(manager, user, randomUUID());
    });
  }

  private async currentUser(auth: AuthContext): Promise<User> {
    const user = await this.users.findForTenant(auth.tenantId, auth.userId);
    if (!user) throw AppException.unauthorized();
    return user;
  }

  private async issue(manager: EntityManager, user: User, familyId: string): Promise<AuthTokens> {
    const refreshToken = randomToken();
    await this.tokens.addRefreshToken(manager, {
      tenantId: user.tenantId,
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
