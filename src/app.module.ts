import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { ThrottlerModule } from '@nestjs/throttler';
import { AnalysisModule } from './analysis/analysis.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CandidateAppModule } from './candidate-app/candidate-app.module';
import { CandidatesModule } from './candidates/candidates.module';
import { AuthGuard } from './common/auth/auth.guard';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { validationExceptionFactory } from './common/errors/validation';
import { redisThrottlerStorage } from './common/http/fallback-throttler.storage';
import { MemoryThrottlerStorage } from './common/http/memory-throttler.storage';
import { RateLimitGuard } from './common/http/rate-limit.guard';
import { NotFoundFallback } from './common/http/not-found.fallback';
import { PaginationInterceptor } from './common/pagination/pagination.interceptor';
import { QueryCachingValidationPipe } from './common/validation/query-caching-validation.pipe';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { ConversationModule } from './conversation/conversation.module';
import { BackgroundModule } from './background/background.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { InterviewsModule } from './interviews/interviews.module';
import { InvitesModule } from './invites/invites.module';
import { JobsModule } from './jobs/jobs.module';
import { MailModule } from './mail/mail.module';
import { MetricsModule } from './metrics/metrics.module';
import { RetentionModule } from './retention/retention.module';
import { SettingsModule } from './settings/settings.module';
import { TenantsModule } from './tenants/tenants.module';
import { TranscriptsModule } from './transcripts/transcripts.module';
import { UploadsModule } from './uploads/uploads.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { UsersModule } from './users/users.module';

const MINUTE = 60_000;

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(config),
        BackgroundModule,
        ScheduleModule.forRoot(),
        ThrottlerModule.forRoot({
          // Shared by all instances through Redis when configured (in memory while Redis does not answer);
          // per process otherwise.
          storage: config.REDIS_URL
            ? redisThrottlerStorage(config.REDIS_URL, { keyPrefix: config.REDIS_KEY_PREFIX, timeoutMs: config.REDIS_TIMEOUT_MS })
            : new MemoryThrottlerStorage(),
          throttlers: [
            { name: 'public', ttl: MINUTE, limit: config.RATE_LIMIT_PUBLIC },
            { name: 'api', ttl: MINUTE, limit: config.RATE_LIMIT_API },
            { name: 'auth', ttl: MINUTE, limit: config.RATE_LIMIT_AUTH },
          ],
        }),
        TenantsModule,
        UsersModule,
        AuthModule,
        MailModule.forRoot(config),
        HealthModule,
        JobsModule,
        CandidatesModule,
        InterviewsModule,
        InvitesModule,
        ConversationModule,
        TranscriptsModule,
        UploadsModule.forRoot(config),
        MetricsModule,
        CandidateAppModule,
        AnalysisModule,
        WebhooksModule,
        SettingsModule,
        AuditModule,
        RetentionModule,
      ],
      providers: [
        // Guards run in this order: authenticate first, so the API bucket can count per user. The enhancers
        // are providers of their own as well, so the hot paths (see HotPaths) use these same instances.
        AuthGuard,
        RateLimitGuard,
        AllExceptionsFilter,
        { provide: QueryCachingValidationPipe, useValue: new QueryCachingValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, exceptionFactory: validationExceptionFactory }) },
        { provide: APP_GUARD, useExisting: AuthGuard },
        { provide: APP_GUARD, useExisting: RateLimitGuard },
        { provide: APP_FILTER, useExisting: AllExceptionsFilter },
        { provide: APP_INTERCEPTOR, useClass: PaginationInterceptor },
        NotFoundFallback,
        { provide: APP_PIPE, useExisting: QueryCachingValidationPipe },
      ],
    };
  }
}
