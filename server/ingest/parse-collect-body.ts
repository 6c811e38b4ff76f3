import type { IncomingHttpHeaders } from 'node:http';
import type { z } from 'zod';
import { AppError } from '../errors.js';
import { CollectRequestSchema, ProxyCollectRequestSchema } from './wire-event.js';

/** What a collect route expects around its events, and how to describe it in an error. */
export interface Envelope<T> {
  schema: z.ZodType<T>;
  shape: string;
}

export const COLLECT_ENVELOPE = {
  schema: CollectRequestSchema,
  shape: '{"shop": "<name>.myshopify.com", "key": "<ingest key>", "events": [...]}',
} satisfies Envelope<unknown>;
export const PROXY_ENVELOPE = { schema: ProxyCollectRequestSchema, shape: '{"events": [...]}' } satisfies Envelope<unknown>;

/**
 * `application/json` or `text/plain` (what sendBeacon and a no-preflight fetch send), UTF-8, uncompressed.
 * Returns the 415 to send, or null.
 */
export function checkMediaType(headers: IncomingHttpHeaders): AppError | null {
  const encoding = headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') {
    return new AppError(415, 'unsupported_media_type', 'Send the body uncompressed (no Content-Encoding).');
  }
  const type = (headers['content-type'] ?? '').toLowerCase();
  const semicolon = type.indexOf(';');
  const base = (semicolon === -1 ? type : type.slice(0, semicolon)).trim();
  const charset = semicolon === -1 ? undefined : /charset\s*=\s*"?([^";\s]+)/.exec(type)?.[1];
  if ((base !== 'application/json' && base !== 'text/plain') || (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')) {
    return new AppError(415, 'unsupported_media_type', 'Send the body as application/json or text/plain (UTF-8).');
  }
  return null;
}

/** JSON, then the event count, then the envelope: each failure is the whole request's 400. */
export function parseCollectBody<T>(text: string, envelope: Envelope<T>, maxEvents: number): T | AppError {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return new AppError(400, 'malformed_json', 'The body is not valid JSON.');
  }
  const events = (value as { events?: unknown } | null)?.events;
  if (Array.isArray(events) && events.length > maxEvents) {
    return new AppError(400, 'too_many_events', `Send at most ${maxEvents} events per request (got ${events.length}).`);
  }
  const parsed = envelope.schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.map(String).join('.');
  const detail = issue === undefined ? '' : ` (${path ? `${path}: ` : ''}${issue.message})`;
  return new AppError(400, 'invalid_request', `The body must be a JSON object ${envelope.shape}${detail}.`);
}
