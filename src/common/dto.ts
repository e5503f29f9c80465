import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { buildMessage, isEmail, IsInt, IsOptional, Max, Min, ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';

/** Trims strings; leaves other values for the validators to reject. */
export const Trim = () => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** Query-string booleans: "true"/"false" (and 1/0). Anything else stays a string and fails @IsBoolean. */
export const QueryBoolean = () =>
  Transform(({ value }: { value: unknown }) => {
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    return value;
  });

/** Lower-cases and trims e-mail addresses. */
export const NormalizeEmail = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));

/** Trims each string of a list, drops empties and case-insensitive duplicates. */
export const NormalizeStringList = () =>
  Transform(({ value }: { value: unknown }) => {
    if (!Array.isArray(value)) return value;
    const seen = new Set<string>();
    const out: unknown[] = [];
    for (const item of value) {
      if (typeof item !== 'string') {
        out.push(item);
        continue;
      }
      const trimmed = item.trim();
      if (!trimmed || seen.has(trimmed.toLowerCase())) continue;
      seen.add(trimmed.toLowerCase());
      out.push(trimmed);
    }
    return out;
  });

/** A tsquery that matches every word of `q` as a prefix, or null when `q` has no words. */
export function prefixTsQuery(q: string | undefined): string | null {
  if (!q) return null;
  const words = (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 8);
  return words.length ? words.map((w) => `${w}:*`).join(' & ') : null;
}

/** An optional id filter in a query string (`?job_id=3`): a positive 32-bit integer. */
export const OptionalIdQuery = (example: number, description?: string) =>
  applyDecorators(
    ApiPropertyOptional({ example, description, type: 'integer' }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(2_147_483_647),
  );

/**
 * May be left out, but not sent as null (the column is NOT NULL). `@IsOptional()` would let null through
 * to the database.
 */
export const OptionalNotNull = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** A UTF-16 surrogate that is not part of a pair: no valid text contains one. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * `@IsEmail()` that also refuses strings with a lone surrogate: the e-mail check URI-encodes its input,
 * which throws on them, and the request would fail with a 500 instead of a validation error.
 */
export const IsEmailAddress = (validationOptions?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isEmail',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && !LONE_SURROGATE.test(value) && isEmail(value),
        defaultMessage: buildMessage((each) => `${each}$property must be an email`, validationOptions),
      },
    },
    validationOptions,
  );
