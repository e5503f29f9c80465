import { Global, Module } from '@nestjs/common';
import { AuthUserCache } from './auth-user-cache';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Global()
@Module({ controllers: [UsersController], providers: [UsersService, UsersRepository, AuthUserCache], exports: [UsersRepository] })
export class UsersModule {}
