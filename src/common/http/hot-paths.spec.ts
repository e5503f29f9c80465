import { Body, Controller, Get, HttpCode, Param, type CanActivate, type ExceptionFilter, type PipeTransform, Query, UseGuards } from '@nestjs/common';
import express from 'express';
import { HotRead } from '../auth/access.decorators';
import { IdParam } from './id-param';
import { HotPaths } from './hot-paths';

class Denying implements CanActivate {
  canActivate(): boolean {
    return false;
  }
}

class NeedsDependency implements PipeTransform {
  constructor(readonly dependency: unknown) {}
  transform(value: unknown): unknown {
    return value;
  }
}

class PageQuery {
  page?: number;
}

@Controller('things')
class ThingsController {
  @Get(':id/parts')
  @HotRead()
  parts(@IdParam() id: number, @Query() query: PageQuery): string {
    return `${id}${String(query.page)}`;
  }

  @Get('guarded')
  @HotRead()
  @UseGuards(Denying)
  guarded(): string {
    return '';
  }

  @Get('created')
  @HotRead()
  @HttpCode(201)
  created(): string {
    return '';
  }

  @Get('body')
  @HotRead()
  body(@Body() body: unknown): unknown {
    return body;
  }

  @Get(':id/injected')
  @HotRead()
  injected(@Param('id', NeedsDependency) id: string): string {
    return id;
  }
}

const parts = (method: string) =>
  new HotPaths({
    app: express(),
    prefix: 'api/v1',
    front: [],
    frontError: () => undefined,
    guards: [],
    pipe: { transform: (v: unknown) => v } satisfies PipeTransform,
    filter: { catch: () => undefined } satisfies ExceptionFilter,
    routes: [{ controller: new ThingsController(), method }],
  });

describe('HotPaths', () => {
  it('takes a @HotRead() route that reads only its query and path ids', () => {
    expect(() => parts('parts')).not.toThrow();
  });

  it('refuses at start-up a route that needs what the hot path does not apply', () => {
    expect(() => parts('guarded')).toThrow(/__guards__/);
    expect(() => parts('created')).toThrow(/__httpCode__/);
    expect(() => parts('body')).toThrow(/only @Query\(\) and path @Param\(\)s/);
    expect(() => parts('injected')).toThrow(/NeedsDependency takes constructor parameters/);
  });

  it('answers only a GET without a body for the route’s path with plain ids', () => {
    const hot = parts('parts');
    const ask = (method: string, url: string, headers: Record<string, string> = {}) =>
      hot.answer({ method, url, headers } as never, {} as never);
    for (const url of ['/api/v1/things/0/parts', '/api/v1/things/01/parts', '/api/v1/things/abc/parts', '/api/v1/things/1234567890/parts', '/api/v1/things/1/parts/', '/api/v1/Things/1/parts', '/api/v1/things/1']) {
      expect(ask('GET', url)).toBe(false);
    }
    expect(ask('HEAD', '/api/v1/things/1/parts')).toBe(false);
    expect(ask('GET', '/api/v1/things/1/parts', { 'content-length': '0' })).toBe(false);
    hot.enabled = false;
    expect(ask('GET', '/api/v1/things/1/parts')).toBe(false);
    expect(hot.served).toBe(0);
  });
});
