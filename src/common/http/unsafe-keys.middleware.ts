import type { NextFunction, Request, Response } from 'express';
import { AppException } from '../errors/app.exception';

/**
 * Keys that reach an object's prototype chain when copied by a naive merge or by class-transformer.
 * No field of the API is named like this, so a body or query string that carries one is refused.
 */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Deeper than any DTO of the API; also keeps recursive validation far from the stack limit. */
export const MAX_BODY_DEPTH = 32;

/** The path of the first prototype key in `value` (e.g. `settings.__proto__`), 'depth' when nested too deep, else null. */
export function findUnsafeKey(value: unknown, maxDepth = MAX_BODY_DEPTH): string | null {
  // Iterative: a hostile body nested thousands of levels deep must not exhaust the stack here either.
  const stack: { node: unknown; path: string; depth: number }[] = [{ node: value, path: '', depth: 0 }];
  while (stack.length) {
    const { node, path, depth } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= maxDepth) return 'depth';
    for (const key of Object.keys(node)) {
      const keyPath = path ? `${path}.${key}` : key;
      if (PROTOTYPE_KEYS.has(key)) return keyPath;
      stack.push({ node: (node as Record<string, unknown>)[key], path: keyPath, depth: depth + 1 });
    }
  }
  return null;
}

/** Runs after the JSON body parser: refuses prototype keys and absurd nesting in the body and the query string. */
export function unsafeKeysMiddleware(req: Request, _res: Response, next: NextFunction): void {
  for (const [where, value] of [['body', req.body], ['query', req.query]] as const) {
    const found = findUnsafeKey(value);
    if (found === 'depth') return next(AppException.validation(`The request ${where} is nested more than ${MAX_BODY_DEPTH} levels deep`));
    if (found) return next(AppException.validation(`Unknown field(s): ${found}`, [{ field: found, messages: ['property should not exist'] }]));
  }
  next();
}
