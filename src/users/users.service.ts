import { Injectable } from '@nestjs/common';
import { hashPassword } from '../auth/password-hasher';
import { randomToken, sha256 } from '../common/crypto';
import { AppException } from '../common/errors/app.exception';
import { Page, PageQueryDto } from '../common/pagination/pagination';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { SystemRepository } from '../database/system.repository';
import { MailService } from '../mail/mail.service';
import { TenantsService } from '../tenants/tenants.service';
import { CreateUserDto, UpdateUserDto, UserRead } from './dto/user.dto';
import { AuthUser } from './auth-user-cache';
import { Role, User } from './user.entity';
import { AuthenticationRead, UsersRepository } from './users.repository';

const SETUP_TOKEN_TTL_MS = 72 * 3_600_000;

@Injectable()
export class UsersService {
  constructor(
    private readonly database: Database,
    private readonly system: SystemRepository,
    private readonly users: UsersRepository,
    private readonly tenants: TenantsService,
    private readonly mail: MailService,
    private readonly config: AppConfig,
  ) {}

  async list(query: PageQueryDto): Promise<Page<UserRead>> {
    const [rows, total] = await this.users.page(query.offset, query.per_page);
    return Page.of(rows, total, query, UserRead.from);
  }

  async create(dto: CreateUserDto): Promise<UserRead> {
    const passwordHash = dto.password ? await hashPassword(dto.password) : null;
    // E-mails are unique across organizations (login takes only the e-mail); the unique index decides a race.
    if (await this.system.userByEmail(dto.email)) throw AppException.conflict('A user with this e-mail already exists');
    return this.database.transaction(async () => {
      const user = await this.users.create({ email: dto.email, name: dto.name, role: dto.role, passwordHash });
      if (!passwordHash) {
        const token = randomToken();
        await this.users.addPasswordSetupToken({ userId: user.id, tokenHash: sha256(token), expiresAt: new Date(Date.now() + SETUP_TOKEN_TTL_MS) });
        const tenant = await this.tenants.current();
        await this.mail.enqueue(
          { address: user.email, kind: 'password_setup', subjectRef: `user:${user.id}` },
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

  async update(id: number, dto: UpdateUserDto): Promise<UserRead> {
    return this.database.transaction(async () => {
      await this.users.lockAdmins();
      const user = await this.users.find(id);
      if (!user) throw AppException.notFound('User');
      if (dto.role && dto.role !== 'admin' && user.role === 'admin' && (await this.users.countAdmins()) <= 1) {
        throw AppException.conflict('An organization needs at least one admin');
      }
      await this.users.update(id, { name: dto.name, role: dto.role });
      const updated = await this.users.find(id);
      return UserRead.from(updated ?? user);
    });
  }

  async remove(id: number): Promise<void> {
    await this.database.transaction(async () => {
      await this.users.lockAdmins();
      const user = await this.users.find(id);
      if (!user) throw AppException.notFound('User');
      if (user.role === 'admin' && (await this.users.countAdmins()) <= 1) {
        throw AppException.conflict('An organization needs at least one admin');
      }
      await this.users.delete(id);
    });
  }

  /** Users of the organization in scope, for other features (accounts, notifications, authentication). */
  find(id: number): Promise<User | null> {
    return this.users.find(id);
  }

  /** Who hears about an interview: the user who created it, or else the organization's first admin. */
  async recipientFor(createdByUserId: number | null): Promise<User | null> {
    return (createdByUserId ? await this.users.find(createdByUserId) : null) ?? (await this.users.firstAdmin());
  }

  findForAuthentication(id: number): Promise<AuthUser | null> {
    return this.users.findForAuthentication(id);
  }

  cachedForAuthentication(id: number): AuthUser | undefined {
    return this.users.cachedForAuthentication(id);
  }

  /** The lookup of `findForAuthentication`, for a hot read to carry (see DeferredCheck). */
  authenticationRead(id: number): AuthenticationRead {
    return this.users.authenticationRead(id);
  }

  /** A user of the organization in scope, in the ambient transaction (sign-up's first admin). */
  createAccount(fields: { email: string; name: string; role: Role; passwordHash: string | null }): Promise<User> {
    return this.users.create(fields);
  }

  /** Changes a user's own account fields (profile, password), in the ambient transaction. */
  updateAccount(id: number, changes: Partial<Pick<User, 'name' | 'email' | 'passwordHash'>>): Promise<void> {
    return this.users.update(id, changes);
  }
}
