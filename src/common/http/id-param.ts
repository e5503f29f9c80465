import { Injectable, Param, PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { AppException } from '../errors/app.exception';

const MAX_ID = 2_147_483_647;

/** Path ids are positive 32-bit integers; anything else is a 400, never a database error. */
@Injectable()
export class IdPipe implements PipeTransform<string | number, number> {
  // The global ValidationPipe may already have turned the segment into a number.
  transform(value: string | number): number {
    const id = typeof value === 'number' ? value : /^[1-9]\d{0,9}$/.test(value) ? Number(value) : NaN;
    if (!(Number.isInteger(id) && id >= 1 && id <= MAX_ID)) throw AppException.validation('id must be a positive integer', [{ field: 'id', messages: ['must be a positive integer'] }]);
    return id;
  }
}

/** `@IdParam() id: number` for the `:id` path segment (or another name). */
export const IdParam = (name = 'id') => Param(name, IdPipe);

export const ApiIdParam = (name = 'id', description = 'Resource id') =>
  applyDecorators(ApiParam({ name, type: 'integer', description, example: 1 }));
