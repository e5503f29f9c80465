import { randomBytes } from 'node:crypto';
import { weakSecretReason } from './secret-strength';
import { plainToInstance } from 'class-transformer';
import { CronTime } from 'cron';
import { getMetadataStorage, validateSync, ValidationError } from 'class-validator';
import { EnvironmentVariables } from './env.schema';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** The validated configuration, typed. Injected wherever settings are needed; nothing reads process.env. */
export class AppConfig extends EnvironmentVariables {
  declare JWT_SECRET: string;
  declare PUBLIC_URL: string;

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  get corsOrigins(): string[] {
    return this.CORS_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean);
  }

  get uploadContentTypes(): string[] {
    return this.UPLOAD_CONTENT_TYPES.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
  }

  get webhookAllowedHosts(): string[] {
    return this.WEBHOOK_ALLOWED_HOSTS.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
  }

  get usesEmbeddedDatabase(): boolean {
    return !this.DATABASE_URL;
  }
}

function describe(errors: ValidationError[]): string[] {
  return errors.flatMap((e) => {
    const messages = Object.values(e.constraints ?? {});
    return messages.length ? messages.map((m) => (m.startsWith(e.property) ? m : `${e.property}: ${m}`)) : [`${e.property} is invalid`];
  });
}

/** Secrets production refuses to start with when weak, with the entropy each needs (32 hex characters ≈ 96–114 bits). */
const PRODUCTION_SECRETS: readonly [keyof Pick<AppConfig, 'JWT_SECRET' | 'METRICS_TOKEN'>, number][] = [
  ['JWT_SECRET', 88],
  ['METRICS_TOKEN', 64],
];

/** Reads and validates the environment; throws ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const names = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(EnvironmentVariables, '', true, false)
      .map((m) => m.propertyName),
  );
  const known = Object.fromEntries([...names].filter((k) => env[k] !== undefined).map((k) => [k, env[k]]));
  const config = plainToInstance(AppConfig, known, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false });
  const problems = describe(errors);
  if (config.RETENTION_CRON !== 'off') {
    try {
      new CronTime(config.RETENTION_CRON);
    } catch (e) {
      problems.push(`RETENTION_CRON is not a valid cron expression: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (config.isProduction) {
    for (const [name, minBits] of PRODUCTION_SECRETS) {
      const value = config[name];
      const weak = value === undefined ? null : weakSecretReason(value, minBits);
      if (weak) problems.push(`${name} ${weak}`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  if (!config.JWT_SECRET) config.JWT_SECRET = randomBytes(48).toString('base64url');
  config.PUBLIC_URL ??= `http://localhost:${config.PORT}`;
  return config;
}
