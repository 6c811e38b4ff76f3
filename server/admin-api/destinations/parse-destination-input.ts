import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { DestinationKind } from '../../destinations/destination-client.js';
import { DESTINATION_CREDENTIALS, DESTINATION_SETTINGS } from '../../destinations/destination-settings.js';
import { fieldIssues, type FieldIssue } from './invalid-body.js';

/** A webhook signing secret: `whsec_` and 32 random bytes, base64url. */
export const generateSigningSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;

export type ParsedPart = { ok: true; value: Record<string, unknown> } | { ok: false; issues: FieldIssue[] };

const parse = (schema: z.ZodType, input: unknown, prefix: string): ParsedPart => {
  const r = schema.safeParse(input);
  return r.success ? { ok: true, value: r.data as Record<string, unknown> } : { ok: false, issues: fieldIssues(r.error, prefix) };
};

export const parseSettings = (kind: DestinationKind, input: unknown): ParsedPart => parse(DESTINATION_SETTINGS[kind], input, 'settings');

/**
 * The kind's credentials. A webhook without a secret gets a generated one, returned as `generatedSecret`
 * so the response can show it once.
 */
export function parseCredentials(kind: DestinationKind, input: Record<string, unknown>): ParsedPart & { generatedSecret: string | null } {
  const generatedSecret = kind === 'webhook' && input.secret === undefined ? generateSigningSecret() : null;
  const parsed = parse(DESTINATION_CREDENTIALS[kind], generatedSecret === null ? input : { ...input, secret: generatedSecret }, 'credentials');
  return { ...parsed, generatedSecret: parsed.ok ? generatedSecret : null };
}
