import type { ExecutionContext, Type } from '@nestjs/common';

type Handler = ReturnType<ExecutionContext['getHandler']>;

/**
 * What a route's metadata says, worked out once per route: decorators are fixed once the application is
 * built, so guards need not ask the reflector again on every request.
 */
export function perRoute<T>(read: (handler: Handler, controller: Type) => T): (context: ExecutionContext) => T {
  const known = new WeakMap<Handler, T>();
  return (context) => {
    const handler = context.getHandler();
    if (known.has(handler)) return known.get(handler) as T;
    const value = read(handler, context.getClass());
    known.set(handler, value);
    return value;
  };
}
