import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { map, Observable } from 'rxjs';
import { linkHeader, Page } from './pagination';

/**
 * What a handler's result answers: a Page becomes its JSON array, with X-Total-Count and Link (and, when the
 * database rendered the page, its text as it is); anything else is answered as it is.
 */
export function pageAnswer(result: unknown, req: Request, res: Response): unknown {
  if (!(result instanceof Page)) return result;
  res.setHeader('X-Total-Count', String(result.total));
  res.setHeader('Link', linkHeader(req.originalUrl, result.page, result.perPage, result.total));
  if (result.json === undefined) return result.items;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  return result.json;
}

@Injectable()
export class PaginationInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    return next.handle().pipe(map((result: unknown) => pageAnswer(result, http.getRequest<Request>(), http.getResponse<Response>())));
  }
}
