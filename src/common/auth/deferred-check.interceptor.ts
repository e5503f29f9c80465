import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';
import { RequestContext } from '../http/request-context';

/**
 * Around a `@HotRead()` handler (and its pipes): whatever it answers, a value or an error, waits for the
 * credential's check, and a failed check answers instead. The check has normally been carried by the
 * handler's read; if not (input refused before the read, say), it is settled here on its own.
 *
 * Written as one subscriber rather than operators: it is on the API's hottest routes, and in the common case
 * (the read carried the check) it only passes the value on.
 */
@Injectable()
export class DeferredCheckInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return new Observable((subscriber) => {
      let answered = false;
      const afterCheck = (answer: () => void): void => {
        answered = true;
        if (!RequestContext.current()?.check) return answer();
        RequestContext.settleCheck().then(answer, (e: unknown) => subscriber.error(e));
      };
      return next.handle().subscribe({
        next: (value) =>
          afterCheck(() => {
            subscriber.next(value);
            subscriber.complete();
          }),
        error: (e: unknown) => afterCheck(() => subscriber.error(e)),
        complete: () => {
          if (!answered) afterCheck(() => subscriber.complete());
        },
      });
    });
  }
}
