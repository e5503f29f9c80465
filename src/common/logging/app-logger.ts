import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger as Pino, type LevelWithSilent } from 'pino';
import { redactUrl } from '../http/redact';
import { RequestContext, type ResponseObserver } from '../http/request-context';

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/**
 * JSON lines on stdout. Application logs carry the current request's id (`request_id`) and have
 * passwords and tokens masked wherever they appear in a logged object.
 */
export function createLogger(level: LevelWithSilent, destination: DestinationStream): Pino {
  return pino(
    {
      level,
      mixin: () => {
        const requestId = RequestContext.current()?.requestId;
        return requestId ? { request_id: requestId } : {};
      },
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.refresh_token', '*.token', 'err.parameters', 'err.query'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

/** Nest's logger interface on pino: `log(message | object, …params, context)`, as Nest's own classes call it. */
export class AppLogger implements LoggerService {
  constructor(private readonly pino: Pino) {}

  verbose(message: unknown, ...params: unknown[]): void {
    this.call('trace', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.call('debug', message, params);
  }
  log(message: unknown, ...params: unknown[]): void {
    this.call('info', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.call('warn', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.call('error', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.call('fatal', message, params);
  }

  private call(level: Level, message: unknown, params: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    // Nest passes the context (the logger's name) last.
    const fields: Record<string, unknown> = params.length ? { context: params[params.length - 1] } : {};
    const rest = params.slice(0, -1);
    if (message instanceof Error) {
      this.pino[level]({ ...fields, err: message }, ...(rest as []));
    } else if (typeof message === 'object' && message !== null) {
      this.pino[level]({ ...fields, ...message }, ...(rest as []));
    } else if (level === 'error' && rest.length === 1 && typeof rest[0] === 'string' && /\n\s*at /.test(rest[0])) {
      // Nest's exception handlers call error(message, stack, context).
      const err = new Error(String(message));
      err.stack = rest[0];
      this.pino.error({ ...fields, err });
    } else {
      this.pino[level](fields, String(message), ...(rest as []));
    }
  }
}

/**
 * One line per response: `request completed` with the request id, method, URL (secrets masked), status and
 * time. Written by a logger without redaction rules: the line is built here from fields that hold no secret,
 * so the per-request cost stays a single serialisation.
 */
export function requestLogger(level: LevelWithSilent, destination: DestinationStream): ResponseObserver {
  const log = pino({ level }, destination);
  return (req, res, state, elapsedMs) => {
    if (!log.isLevelEnabled('info')) return;
    const line = {
      request_id: state.requestId,
      req: { method: req.method, url: redactUrl(req.originalUrl) },
      res: { statusCode: res.statusCode },
      responseTime: Math.round(elapsedMs),
    };
    // 503 is an outage the error filter has already reported (warn), not a fault of this request.
    if (res.statusCode === 503) log.warn(line, 'request failed');
    else if (res.statusCode >= 500) log.error(line, 'request failed');
    else log.info(line, 'request completed');
  };
}
