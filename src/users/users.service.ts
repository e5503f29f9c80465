import { Injectable } from '@nestjs/common';
import { AuthRepository } from '../auth/auth.repository';
import { hashPassword } from '../auth/password-hasher';
import { randomToken, sha256 } from '../common/crypto';
import { AppException } from '../common/errors/app.exception';
import { Page, PageQueryDto } from '../common/pagination/pagination';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { SystemRepository } from '../database/system.repository';
import { MailService } from '../mail/mail.service';
import { TenantsRepository } from '../tenants/tenants.repository';
import { CreateUserDto, UpdateUserDto, UserRead } from './dto/user.dto';
import { UsersRepository } from './users.repository';

const SETUP_TOKEN_TTL_MS = 72 * 3_600_000;

@Injectable()
export class UsersService {
  constructor(
    private readonly database: Database,
    private readonly system: SystemRepository,
    private readonly users: UsersRepository,
    private readonly tenants: TenantsRepository,
    private readonly tokens: AuthRepository,
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
        await this.tokens.addPasswordSetupToken({ userId: user.id, tokenHash: sha256(token), expiresAt: new Date(Date.now() + SETUP_TOKEN_TTL_MS) });
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
}
