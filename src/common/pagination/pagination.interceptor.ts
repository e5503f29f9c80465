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
  const rendered = result.rendered;
  if (rendered === undefined) return result.items;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  const etagOf = req.app.get('etag fn') as ((body: string, encoding: BufferEncoding) => string | undefined) | undefined;
  if (typeof etagOf === 'function' && !res.getHeader('ETag')) {
    // The Content-Length and ETag `res.send` would set, in its order, from the text's own memo; it then
    // keeps both (it sets the same length, and makes no ETag when one is set).
    rendered.byteLength ??= Buffer.byteLength(rendered.json);
    rendered.etag ??= etagOf(rendered.json, 'utf8');
    res.setHeader('Content-Length', String(rendered.byteLength));
    if (rendered.etag) res.setHeader('ETag', rendered.etag);
  }
  return rendered.json;
}

@Injectable()
export class PaginationInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    return next.handle().pipe(map((result: unknown) => pageAnswer(result, http.getRequest<Request>(), http.getResponse<Response>())));
  }
}
