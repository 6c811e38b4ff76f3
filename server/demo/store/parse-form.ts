import type { z } from 'zod';
import { badRequest } from '../../errors.js';

/** A store form's body through its schema; a 400 `invalid_form` naming every bad field otherwise. */
export function parseForm<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw badRequest('invalid_form', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}
