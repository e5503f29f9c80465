import { Global, Module } from '@nestjs/common';
import { TenantsRepository } from './tenants.repository';

@Global()
@Module({ providers: [TenantsRepository], exports: [TenantsRepository] })
export class TenantsModule {}
