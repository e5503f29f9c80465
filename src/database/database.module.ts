import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { Database } from './database';
import { dataSourceOptions, openDatabase, runMigrations } from './data-source';
import { EmbeddedMaintenance } from './embedded-maintenance';
import { HotReads } from './hot-reads';
import { SystemRepository } from './system.repository';

@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      providers: [Database, SystemRepository, HotReads, ...(config.usesEmbeddedDatabase ? [EmbeddedMaintenance] : [])],
      exports: [Database, SystemRepository, HotReads],
      imports: [
        TypeOrmModule.forRootAsync({
          // The data source is opened by the factory below (embedded or DATABASE_URL); these options
          // only describe it to @nestjs/typeorm.
          useFactory: () => dataSourceOptions(config.DATABASE_URL ?? 'postgres://embedded', config.DATABASE_POOL_SIZE),
          dataSourceFactory: async () => {
            const dataSource = await openDatabase(config);
            await runMigrations(dataSource);
            return dataSource;
          },
        }),
      ],
    };
  }
}
