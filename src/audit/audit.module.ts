import { Module } from '@nestjs/common';
import { AccessLogWriter } from './access-log.writer';
import { AccessLogsRepository } from './access-logs.repository';
import { AuditController } from './audit.controller';

@Module({ controllers: [AuditController], providers: [AccessLogsRepository, AccessLogWriter], exports: [AccessLogWriter] })
export class AuditModule {}
