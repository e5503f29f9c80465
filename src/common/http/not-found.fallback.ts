import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Request, Response } from 'express';
import { errorBody } from '../errors/all-exceptions.filter';
import { RequestContext } from './request-context';

/**
 * Nest answers unknown paths under the global prefix itself; any other path (`/Api/V1/users`, `/foo`)
 * would fall through to Express's HTML page. Registered after Nest's routes and handlers (bootstrap
 * runs after them), this answers those with the error envelope too.
 */
@Injectable()
export class NotFoundFallback implements OnApplicationBootstrap {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onApplicationBootstrap(): void {
    this.adapterHost.httpAdapter.use((req: Request, res: Response) => {
      const state = RequestContext.current();
      if (state) state.errorCode = 'NOT_FOUND';
      res.status(404).json(errorBody({ status: 404, code: 'NOT_FOUND', message: 'Route not found' }, (req as Request & { id?: string }).id));
    });
  }
}
