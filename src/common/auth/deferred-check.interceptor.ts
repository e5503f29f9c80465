import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { catchError, from, mergeMap, Observable } from 'rxjs';
import { RequestContext } from '../http/request-context';

/**
 * Around a `@HotRead()` handler (and its pipes): whatever it answers, a success or an error, waits for the
 * credential's check, and a failed check answers instead. The check has normally been carried by the
 * handler's read; if not (input refused before the read, say), it is settled here on its own.
 */
@Injectable()
export class DeferredCheckInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      mergeMap((value: unknown) => (RequestContext.current()?.check ? from(RequestContext.settleCheck().then(() => value)) : [value])),
      catchError((e: unknown) => from(RequestContext.settleCheck().then(() => Promise.reject(e)))),
    );
  }
}
