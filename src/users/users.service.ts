import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthRepository } from '../auth/auth.repository';
import { hashPassword } from '../auth/password-hasher';
import { AuthContext } from '../common/auth/auth-context';
import { randomToken, sha256 } from '../common/crypto';
import { AppException } from '../common/errors/app.exception';
import { Page, PageQueryDto } from '../common/pagination/pagination';
import { AppConfig } from '../config/app-config';
import { MailService } from '../mail/mail.service';
import { TenantsRepository } from '../tenants/tenants.repository';
import { CreateUserDto, UpdateUserDto, UserRead } from './dto/user.dto';
import { UsersRepository } from './users.repository';

const SETUP_TOKEN_TTL_MS = 72 * 3_600_000;

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersRepository,
    private readonly tenants: TenantsRepository,
    private readonly tokens: AuthRepository,
    private readonly mail: MailService,
    private readonly config: AppConfig,
  ) {}

  async list(auth: AuthContext, query: PageQueryDto): Promise<Page<UserRead>> {
    const [rows, total] = await this.users.pageForTenant(auth.tenantId, query.offset, query.per_page);
    return Page.of(rows, total, query, UserRead.from);
  }

  async create(auth: AuthContext, dto: CreateUserDto): Promise<UserRead> {
    const passwordHash = dto.password ? await hashPassword(dto.password) : null;
    return this.db.transaction(async (manager) => {
      if (await this.users.findByEmail(dto.email, manager)) throw AppException.conflict('A user with this e-mail already exists');
      const user = await this.users.create(manager, { tenantId: auth.tenantId, email: dto.email, name: dto.name, role: dto.role, passwordHash });
      if (!passwordHash) {
        const token = randomToken();
        await this.tokens.addPasswordSetupToken(manager, { userId: user.id, tokenHash: sha256(token), expiresAt: new Date(Date.now() + SETUP_TOKEN_TTL_MS) });
        const tenant = await this.tenants.findById(auth.tenantId, manager);
        await this.mail.enqueue(
          manager,
          { tenantId: auth.tenantId, address: user.email, kind: 'password_setup', subjectRef: `user:${user.id}` },
          {
            subject: `You have been invited to ${tenant?.companyName ?? 'Hirevision'} on Hirevision`,
            paragraphs: [
              `Hello ${user.name},`,
              `${tenant?.companyName ?? 'Your team'} added you to Hirevision as ${user.role}. Choose a password to sign in.`,
              'The link is valid for 72 hours.',
            ],
            action: { label: 'Set your password', url: `${this.config.FRONTEND_URL}/set-password#token=${token}` },
          },
        );
      }
      return UserRead.from(user);
    });
  }

  async update(auth: AuthContext, id: number, dto: UpdateUserDto): Promise<UserRead> {
    return this.db.transaction(async (manager) => {
      await this.users.lockTenantUsers(manager, auth.tenantId);
      const user = await this.users.findForTenant(auth.tenantId, id, manager);
      if (!user) throw AppException.notFound('User');
      if (dto.role && dto.role !== 'admin' && user.role === 'admin' && (await this.users.countAdmins(auth.tenantId, manager)) <= 1) {
        throw AppException.conflict('An organization needs at least one admin');
      }
      await this.users.update(auth.tenantId, id, { name: dto.name, role: dto.role }, manager);
      const updated = await this.users.findForTenant(auth.tenantId, id, manager);
      return UserRead.from(updated ?? user);
    });
  }

  async remove(auth: AuthContext, id: number): Promise<void> {
    await this.db.transaction(async (manager) => {
      await this.users.lockTenantUsers(manager, auth.tenantId);
      const user = await this.users.findForTenant(auth.tenantId, id, manager);
      if (!user) throw AppException.notFound('User');
      if (user.role === 'admin' && (await this.users.countAdmins(auth.tenantId, manager)) <= 1) {
        throw AppException.conflict('An organization needs at least one admin');
      }
      await this.users.delete(auth.tenantId, id, manager);
    });
  }
}
