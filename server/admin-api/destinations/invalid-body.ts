import type { z } from 'zod';
import { AppError } from '../../errors.js';

export interface FieldIssue {
  /** Dotted path in the body, e.g. `settings.url` or `credentials.apiKey`. */
  path: string;
  message: string;
}

/**
 * zod issues as field issues, their paths under `prefix` (the part of the body that was parsed on its
 * own); the first issue of each field only, as a form shows one message per field.
 */
export function fieldIssues(error: z.ZodError, prefix: string | null = null): FieldIssue[] {
  const byPath = new Map<string, FieldIssue>();
  for (const issue of error.issues) {
    const path = [...(prefix === null ? [] : [prefix]), ...issue.path.map(String)].join('.');
    if (!byPath.has(path)) byPath.set(path, { path, message: issue.message });
  }
  return [...byPath.values()];
}

/**
 * 400 invalid_body naming the first bad field in the message (as the other routers do) and every bad
 * field in `fields`, so a form can mark them all at once.
 */
export function invalidBody(issues: readonly FieldIssue[]): AppError {
  const first = issues[0];
  const message = first === undefined ? 'Invalid request.' : first.path ? `Invalid field "${first.path}": ${first.message}.` : `Invalid request: ${first.message}.`;
  return new AppError(400, 'invalid_body', message, {}, { fields: issues });
}
