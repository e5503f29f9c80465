import { INestApplication, RequestMethod } from '@nestjs/common';
import { GUARDS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { ACCESS_KEY, AccessRule } from '../../src/common/auth/access.decorators';

export interface RouteInfo {
  method: string;
  path: string;
  access: string;
  /** The route's own guards (beyond the global ones), by class name. */
  guards: string[];
}

/** Paths the app serves outside the global prefix (see setGlobalPrefix's exclude in app.factory.ts). */
const outsidePrefix = (path: string): boolean =>
  path === '/healthz' || path.startsWith('/healthz/') || path === '/metrics' || path.startsWith('/dev-upload/') || path.startsWith('/api/v1/');

function join(...parts: string[]): string {
  return `/${parts.flatMap((p) => p.split('/')).filter(Boolean).join('/')}`;
}

function describeAccess(rule: AccessRule | undefined): string {
  if (!rule) return 'NONE';
  if (rule.kind === 'roles') return `roles:${[...rule.roles].sort().join(',')}`;
  return rule.kind;
}

/** Every route the application serves, with its access rule, read from the controllers' metadata. */
export function listRoutes(app: INestApplication, prefix = 'api/v1'): RouteInfo[] {
  const routes: RouteInfo[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const ctrl = wrapper.metatype as (new (...args: unknown[]) => unknown) | null;
      if (!ctrl) continue;
      const base = String(Reflect.getMetadata(PATH_METADATA, ctrl) ?? '');
      const classRule = Reflect.getMetadata(ACCESS_KEY, ctrl) as AccessRule | undefined;
      const proto = ctrl.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (path === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        // A literal colon is escaped for the router (`analysis\\:run`); list it as clients call it.
        const local = join(base, path).replace(/\\:/g, ':');
        const full = outsidePrefix(local) ? local : join(prefix, local);
        const rule = (Reflect.getMetadata(ACCESS_KEY, handler) as AccessRule | undefined) ?? classRule;
        const guards = [...((Reflect.getMetadata(GUARDS_METADATA, ctrl) as Array<{ name: string }> | undefined) ?? []), ...((Reflect.getMetadata(GUARDS_METADATA, handler) as Array<{ name: string }> | undefined) ?? [])];
        routes.push({ method, path: full, access: describeAccess(rule), guards: guards.map((g) => g.name) });
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}
