import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AppLifecycle } from './app-lifecycle';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [AppLifecycle, HealthService],
  exports: [AppLifecycle],
})
export class HealthModule {}
