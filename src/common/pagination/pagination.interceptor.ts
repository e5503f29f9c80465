import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { map, Observable } from 'rxjs';
import { linkHeader, Page } from './pagination';

@Injectable()
export class PaginationInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((result: unknown) => {
        if (!(result instanceof Page)) return result;
        const http = context.switchToHttp();
        const res = http.getResponse<Response>();
        res.setHeader('X-Total-Count', String(result.total));
        res.setHeader('Link', linkHeader(http.getRequest<Request>().originalUrl, result.page, result.perPage, result.total));
        if (result.json === undefined) return result.items;
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        return result.json;
      }),
    );
  }
}
