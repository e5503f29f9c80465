import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { from, lastValueFrom, Observable } from 'rxjs';
import { RequestContext } from '../http/request-context';

/**
 * Around a `@HotRead()` handler (and its pipes) on Express's way (the hot paths apply the same rule, see
 * HotPaths): its answer waits for the credential's check (`RequestContext.afterCheck`). The check has
 * normally been carried by the handler's read; if not (input refused before the read, say), it is settled
 * here on its own.
 */
@Injectable()
export class DeferredCheckInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return from(RequestContext.afterCheck(() => lastValueFrom(next.handle(), { defaultValue: undefined })));
  }
}
