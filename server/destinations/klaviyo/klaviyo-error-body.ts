import { z } from 'zod';

const ERROR_BODY = z.object({
  errors: z.array(z.object({
    code: z.string().max(200).optional(),
    title: z.string().max(2000).optional(),
    detail: z.string().max(10_000).optional(),
    source: z.object({ pointer: z.string().max(500).optional(), parameter: z.string().max(200).optional() }).nullish(),
  })).max(10_000),
});

export interface KlaviyoErrorItem { code: string; detail: string; pointer: string | null }

/** The JSON:API errors of a refusal, or none when the body is not of that shape. */
export function klaviyoErrors(body: unknown): KlaviyoErrorItem[] {
  const parsed = ERROR_BODY.safeParse(body);
  if (!parsed.success) return [];
  return parsed.data.errors.map((e) => ({ code: e.code ?? 'error', detail: redact(e.detail ?? e.title ?? ''), pointer: e.source?.pointer ?? null }));
}

/** Remote texts may quote the address they refused; nothing we store or log may carry one. */
export function redact(text: string): string {
  return text.replace(/[^\s'"<>(),;[\]]+@[^\s'"<>(),;[\]]+/g, '[email]').slice(0, 300);
}

/** `/data/attributes/profiles/data/3/attributes/email` → {index: 3, field: 'email'} for the given collection prefix. */
export function pointerIndex(pointer: string | null, prefix: string): { index: number; field: string | null } | null {
  if (pointer === null || !pointer.startsWith(`${prefix}/`)) return null;
  const match = /^(\d+)(?:\/(.*))?$/.exec(pointer.slice(prefix.length + 1));
  if (!match) return null;
  return { index: Number(match[1]), field: match[2]?.split('/').pop() ?? null };
}
