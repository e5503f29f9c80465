import 'reflect-metadata';
import { availableParallelism } from 'node:os';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

const toBool = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off', ''].includes(v)) return false;
  return value;
};

const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/**
 * Every environment variable the service reads, with its default. Each one is documented in
 * `.env.example` and the README's table; `loadConfig()` validates them once at start-up.
 */
export class EnvironmentVariables {
  /** development | production | test. Production requires real secrets and hides dev-only routes. */
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** Public base URL of this API (used in dev-upload links); default `http://localhost:${PORT}`. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  PUBLIC_URL?: string;

  /** Base URL of the candidate app; invite links are `${FRONTEND_URL}/interview#token=…`. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  FRONTEND_URL = 'http://localhost:5173';

  /** PostgreSQL connection string. Unset: the embedded PostgreSQL (PGlite) under DATA_DIR. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// connection string' })
  DATABASE_URL?: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  DATABASE_POOL_SIZE = 10;

  /** Where the embedded database and dev uploads live. */
  @IsString()
  @MinLength(1)
  DATA_DIR = './.data';

  /** HMAC secret for access tokens. Required in production; a random one is made per process otherwise. */
  @Transform(emptyToUndefined)
  @ValidateIf((env: EnvironmentVariables) => env.NODE_ENV === 'production' || env.JWT_SECRET !== undefined)
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(86400)
  JWT_ACCESS_TTL_SECONDS = 900;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_TTL_DAYS = 30;

  /** Comma-separated list of origins allowed by CORS. Empty: no cross-origin access. */
  @IsString()
  CORS_ORIGINS = '';

  /** Largest JSON body accepted, in bytes. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(50 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  /** Requests per minute per IP on /api/v1/public/* and the candidate-token endpoints. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PUBLIC = 60;

  /** Requests per minute per user on the rest of the API. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_API = 300;

  /** Requests per minute per IP on the credential endpoints of /api/v1/auth. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_AUTH = 10;

  /** true when a load balancer sets X-Forwarded-For; the client IP is then taken from it. */
  @Transform(toBool)
  @IsBoolean()
  TRUST_PROXY = false;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Serve Swagger UI at /docs and the document at /docs-json. */
  @Transform(toBool)
  @IsBoolean()
  DOCS_ENABLED = true;

  /** Resend API key. Unset: the mock mail provider (messages stored and logged, never sent). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(8)
  RESEND_API_KEY?: string;

  /** Resend API base URL (a stand-in can be used in tests). */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  RESEND_BASE_URL = 'https://api.resend.com';

  @IsEmail({ allow_display_name: false, require_tld: false })
  MAIL_FROM = 'no-reply@hirevision.local';

  @IsString()
  @MaxLength(100)
  MAIL_FROM_NAME = 'Hirevision';

  /** How often the outbox dispatcher looks for due messages, in milliseconds. */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  MAIL_DISPATCH_INTERVAL_MS = 2000;

  /** Attempts before an outbox message is marked failed. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  MAIL_MAX_ATTEMPTS = 8;

  /** Google Gemini key for LLM-written interview questions. Unset: the deterministic question set. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(8)
  GEMINI_API_KEY?: string;

  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  GEMINI_BASE_URL = 'https://generativelanguage.googleapis.com';

  @IsString()
  @Matches(/^[\w.-]+$/, { message: 'GEMINI_MODEL must be a model name such as gemini-2.0-flash' })
  GEMINI_MODEL = 'gemini-2.0-flash';

  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(60000)
  GEMINI_TIMEOUT_MS = 8000;

  /** Bulk CV upload: most files in one request. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  BULK_UPLOAD_MAX_FILES = 50;

  /** Bulk CV upload: largest single file, in bytes. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  BULK_UPLOAD_MAX_FILE_BYTES = 5 * 1024 * 1024;

  /** Bulk CV upload: largest request, in bytes. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  BULK_UPLOAD_MAX_TOTAL_BYTES = 50 * 1024 * 1024;

  /** Bulk CV upload: time one file may take to read and parse, in milliseconds; past it the file fails. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(120_000)
  CV_PARSE_TIMEOUT_MS = 5000;

  /** Bulk CV upload: memory of each reader thread (V8 heap, and the watchdog's allowance per file), in MiB. */
  @Type(() => Number)
  @IsInt()
  @Min(64)
  @Max(4096)
  CV_PARSE_MAX_MEMORY_MB = 256;

  /** Bulk CV upload: most bytes a DOCX may inflate to (all its parts), whatever its headers claim. */
  @Type(() => Number)
  @IsInt()
  @Min(64 * 1024)
  @Max(1024 * 1024 * 1024)
  CV_MAX_DECOMPRESSED_BYTES = 20 * 1024 * 1024;

  /** Bulk CV upload: reader threads (started on demand, ended after a few idle seconds). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(32)
  CV_PARSE_WORKERS = Math.min(2, availableParallelism());

  /** S3 bucket for interview media. Unset: the dev fallback (PUT /dev-upload/{key}, files under DATA_DIR). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'S3_BUCKET must be a valid bucket name' })
  S3_BUCKET?: string;

  @IsString()
  @MinLength(2)
  S3_REGION = 'us-east-1';

  /** S3-compatible endpoint (MinIO, R2) used by the API itself. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  S3_ENDPOINT?: string;

  /** Endpoint put into presigned URLs when browsers reach storage by another name than the API does. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  S3_PUBLIC_ENDPOINT?: string;

  /** Path-style URLs (MinIO, s3rver). Default: true when S3_ENDPOINT is set. */
  @Transform(toBool)
  @IsOptional()
  @IsBoolean()
  S3_FORCE_PATH_STYLE?: boolean;

  /** Static credentials; unset: the AWS SDK's default chain (instance role, env, profile). */
  @Transform(emptyToUndefined)
  @ValidateIf((env: EnvironmentVariables) => env.S3_SECRET_ACCESS_KEY !== undefined || env.S3_ACCESS_KEY_ID !== undefined)
  @IsString()
  @MinLength(1, { message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together' })
  S3_ACCESS_KEY_ID?: string;

  @Transform(emptyToUndefined)
  @ValidateIf((env: EnvironmentVariables) => env.S3_SECRET_ACCESS_KEY !== undefined || env.S3_ACCESS_KEY_ID !== undefined)
  @IsString()
  @MinLength(1, { message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together' })
  S3_SECRET_ACCESS_KEY?: string;

  /** Lifetime of presigned upload and download URLs, in seconds. */
  @Type(() => Number)
  @IsInt()
  @Min(30)
  @Max(7 * 86400)
  UPLOAD_URL_TTL_SECONDS = 900;

  /** Largest media upload accepted by the dev upload endpoint, in bytes. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  UPLOAD_MAX_BYTES = 200 * 1024 * 1024;

  /** Messages one interview's conversation may hold (409 past it); bounds what each answer and analysis reads. */
  @Type(() => Number)
  @IsInt()
  @Min(30)
  @Max(10_000)
  MAX_MESSAGES_PER_INTERVIEW = 500;

  /** Comma-separated content types candidates may upload. */
  @IsString()
  @Matches(/^\s*(video|audio)\/[\w.+-]+(\s*,\s*(video|audio)\/[\w.+-]+)*\s*$/, { message: 'UPLOAD_CONTENT_TYPES must be a comma-separated list of video/* or audio/* types' })
  UPLOAD_CONTENT_TYPES = 'video/webm,video/mp4,audio/webm,audio/wav,audio/mpeg,audio/ogg,audio/mp4';

  /** How often buffered latency samples and request counters are written, in milliseconds. */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(60_000)
  METRICS_FLUSH_INTERVAL_MS = 1000;

  /**
   * Latency samples, and separately request-counter rows, held in memory while the database cannot take
   * them; past it the oldest are dropped (logged, and counted in hirevision_write_buffer_dropped_total).
   */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(10_000_000)
  METRICS_BUFFER_MAX = 50_000;

  /** Bearer token required by GET /metrics (Prometheus). Unset: the endpoint is open. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(16)
  METRICS_TOKEN?: string;

  /** Comma-separated hostnames outbound webhooks may reach even on private or loopback addresses. */
  @IsString()
  WEBHOOK_ALLOWED_HOSTS = '';

  /** How often each instance looks for due background jobs (scoring, media deletion); also the first retry delay (doubling, at most 30 min). */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(600_000)
  JOB_POLL_INTERVAL_MS = 1000;

  /** Attempts before a background job is given up (and logged as an error). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  JOB_MAX_ATTEMPTS = 20;

  /** How often due webhook deliveries are sent; also the first retry delay (doubling). */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  WEBHOOK_DISPATCH_INTERVAL_MS = 2000;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  WEBHOOK_MAX_ATTEMPTS = 8;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(60_000)
  WEBHOOK_TIMEOUT_MS = 5000;

  /** Redis for rate-limit counters shared by all API instances. Unset: counters in memory (one instance). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** Prefix of the rate-limit keys in Redis (separates deployments sharing one Redis). */
  @IsString()
  @MaxLength(50)
  REDIS_KEY_PREFIX = 'hirevision:throttle:';

  /** Longest wait for Redis' answer on a request; past it, or while Redis is unreachable, limits are counted in memory. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(10_000)
  REDIS_TIMEOUT_MS = 500;

  /** When the retention purge runs (cron syntax, server time zone); "off" disables the schedule. */
  @IsString()
  @Matches(/^(off|(\S+\s+){4,5}\S+)$/, { message: 'RETENTION_CRON must be a cron expression (5 or 6 fields) or "off"' })
  RETENTION_CRON = '0 3 * * *';

  /** Access logs older than this are purged. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  ACCESS_LOG_RETENTION_DAYS = 90;

  /**
   * Access-log rows held in memory while the database cannot take them (a failed batch stays queued and is
   * retried with backoff); past it the oldest are dropped (logged, and counted in Prometheus).
   */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(10_000_000)
  ACCESS_LOG_BUFFER_MAX = 100_000;

  /**
   * On SIGTERM (or app.close()): how long in-flight requests may take to finish, in milliseconds, before
   * their connections are closed; then the access-log and metric buffers are written and the pool closed.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(600_000)
  SHUTDOWN_TIMEOUT_MS = 10_000;

  /** Rows deleted per statement by the purge (each batch is its own transaction). */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(100_000)
  RETENTION_BATCH_SIZE = 1000;
}
