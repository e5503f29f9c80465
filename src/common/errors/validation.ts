import type { ValidationError } from 'class-validator';
import { AppException } from './app.exception';
import type { FieldProblem } from './error-envelope';

/** Flattens nested class-validator errors into `[{field: "a.b", messages: [...]}]`. */
export function fieldProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...fieldProblems(e.children ?? [], field)];
  });
}

export const validationExceptionFactory = (errors: ValidationError[]): AppException => {
  const details = fieldProblems(errors);
  const unknown = details.filter((d) => d.messages.some((m) => m.includes('should not exist')));
  const message = unknown.length ? `Unknown field(s): ${unknown.map((d) => d.field).join(', ')}` : 'The request is invalid';
  return AppException.validation(message, details);
};
