import { HttpException, HttpStatus } from '@nestjs/common';
import type { FieldProblem } from './error-envelope';

export type ErrorCode =
  | 'VALIDATION_ERROR'
  | 'INVALID_TOKEN'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'INTERNAL'
  | 'UNAVAILABLE';

export const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'VALIDATION_ERROR',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

/** A domain error with a stable code; the global filter turns it into the error envelope. */
export class AppException extends HttpException {
  constructor(
    status: number,
    readonly code: ErrorCode | string,
    message: string,
    readonly details?: FieldProblem[] | Record<string, unknown>,
  ) {
    super(message, status);
  }

  static notFound(what = 'Resource'): AppException {
    return new AppException(HttpStatus.NOT_FOUND, 'NOT_FOUND', `${what} not found`);
  }

  static conflict(message: string, details?: Record<string, unknown>): AppException {
    return new AppException(HttpStatus.CONFLICT, 'CONFLICT', message, details);
  }

  static unauthorized(message = 'Authentication required'): AppException {
    return new AppException(HttpStatus.UNAUTHORIZED, 'UNAUTHORIZED', message);
  }

  static forbidden(message = 'Your role may not perform this action'): AppException {
    return new AppException(HttpStatus.FORBIDDEN, 'FORBIDDEN', message);
  }

  static validation(message: string, details?: FieldProblem[]): AppException {
    return new AppException(HttpStatus.BAD_REQUEST, 'VALIDATION_ERROR', message, details);
  }

  static invalidToken(): AppException {
    return new AppException(HttpStatus.BAD_REQUEST, 'INVALID_TOKEN', 'The link is invalid or has expired');
  }
}
