import { Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module';
import { AuthUserCache } from './auth-user-cache';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({ imports: [TenantsModule], controllers: [UsersController], providers: [UsersService, UsersRepository, AuthUserCache], exports: [UsersService] })
export class UsersModule {}
