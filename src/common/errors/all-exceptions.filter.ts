import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { redactUrl } from '../http/redact';
import { RequestContext } from '../http/request-context';
import { AppException, CODE_BY_STATUS } from './app.exception';

interface Failure {
  status: number;
  code: string;
  message: string;
  details?: unknown;
}

/** PostgreSQL errors a client's input can cause; anything else from the database is a 500. */
const PG_CLIENT_ERRORS: Record<string, Omit<Failure, 'details'>> = {
  '23505': { status: 409, code: 'CONFLICT', message: 'The resource already exists' },
  '23502': { status: 400, code: 'VALIDATION_ERROR', message: 'A required value is missing' },
  '22007': { status: 400, code: 'VALIDATION_ERROR', message: 'A date has the wrong format' },
  '22008': { status: 400, code: 'VALIDATION_ERROR', message: 'A date is out of range' },
  '22P02': { status: 400, code: 'VALIDATION_ERROR', message: 'A value has the wrong format' },
  '22003': { status: 400, code: 'VALIDATION_ERROR', message: 'A number is out of range' },
  '22001': { status: 400, code: 'VALIDATION_ERROR', message: 'A value is too long' },
  '22021': { status: 400, code: 'VALIDATION_ERROR', message: 'A value contains invalid characters' },
  '22P05': { status: 400, code: 'VALIDATION_ERROR', message: 'A value contains invalid characters' },
  '40P01': { status: 409, code: 'CONFLICT', message: 'The request collided with a concurrent change; retry it' },
  '40001': { status: 409, code: 'CONFLICT', message: 'The request collided with a concurrent change; retry it' },
};

/**
 * The database, or the way to it, is down or restarting (refused, reset or ended connections, the pool's
 * connect timeout, SQLSTATE class 08 and the shutdown codes 57P01–57P03): nothing is wrong with the
 * request, and the client may retry it. A refused or reset connection to the object storage reads the same
 * and is answered the same way.
 */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', '57P01', '57P02', '57P03']);
const UNAVAILABLE_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is not established)/;

export function databaseUnavailable(exception: unknown): boolean {
  for (const e of [exception, (exception as { driverError?: unknown } | null)?.driverError]) {
    if (!e || typeof e !== 'object') continue;
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
  }
  return false;
}

/** Seconds a client is asked to wait before retrying a 503. */
export const UNAVAILABLE_RETRY_AFTER_S = 1;

export function describeFailure(exception: unknown): Failure {
  if (exception instanceof AppException) {
    return { status: exception.getStatus(), code: exception.code, message: exception.message, details: exception.details };
  }
  if (exception instanceof ThrottlerException) {
    return { status: 429, code: 'RATE_LIMITED', message: 'Too many requests; retry after the time in Retry-After' };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    let message = exception.message;
    if (typeof body === 'object' && body && 'message' in body) {
      const m = (body as { message: unknown }).message;
      message = Array.isArray(m) ? m.join('; ') : String(m);
    }
    if (status === 404 && message.startsWith('Cannot ')) message = 'Route not found';
    return { status, code: CODE_BY_STATUS[status] ?? `HTTP_${status}`, message };
  }
  if (exception instanceof QueryFailedError) {
    const pgCode = (exception.driverError as { code?: string } | undefined)?.code;
    const known = pgCode ? PG_CLIENT_ERRORS[pgCode] : undefined;
    if (known) return { ...known };
  }
  if (databaseUnavailable(exception)) {
    return { status: 503, code: 'UNAVAILABLE', message: 'The service is briefly unavailable; retry after the time in Retry-After' };
  }
  const e = exception as { type?: string; status?: number };
  if (e && e.type === 'entity.parse.failed') return { status: 400, code: 'VALIDATION_ERROR', message: 'Malformed JSON body' };
  if (e && e.type === 'entity.too.large') return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large' };
  if (e && (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported')) {
    return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported body encoding' };
  }
  const http = exception as { status?: unknown; expose?: unknown };
  if (http && typeof http.status === 'number' && http.status >= 400 && http.status < 500 && http.expose === true) {
    // Other body-parser rejections (bad gzip, aborted upload): the client's fault, said in general terms.
    return { status: http.status, code: CODE_BY_STATUS[http.status] ?? `HTTP_${http.status}`, message: 'The request body could not be read' };
  }
  return { status: 500, code: 'INTERNAL', message: 'An unexpected error occurred' };
}

export function errorBody(failure: Failure, requestId: string | undefined): Record<string, unknown> {
  return {
    error: {
      code: failure.code,
      message: failure.message,
      ...(failure.details !== undefined ? { details: failure.details } : {}),
      request_id: requestId,
    },
  };
}

/** Maps every exception to `{"error": {code, message, details?, request_id}}`; 500s are logged, never exposed. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request>();
    const res = ctx.getResponse<Response>();
    const failure = describeFailure(exception);
    const state = RequestContext.current();
    if (state) state.errorCode = failure.code;
    const requestId = (req as Request & { id?: string }).id;
    if (failure.code === 'UNAVAILABLE') {
      // An outage, not a bug: one line without a stack per request.
      this.logger.warn({ error: exception instanceof Error ? exception.message : String(exception), request_id: requestId, path: redactUrl(req.path) }, 'a dependency is unavailable (database or storage)');
    } else if (failure.status >= 500) {
      this.logger.error({ err: exception, request_id: requestId, path: redactUrl(req.path) }, 'unhandled error');
    }
    if (res.headersSent) return;
    if (failure.code === 'UNAVAILABLE') res.setHeader('Retry-After', String(UNAVAILABLE_RETRY_AFTER_S));
    res.status(failure.status).json(errorBody(failure, requestId));
  }
}
