import { z } from 'zod';
import type { WebhookDelivery } from '../webhook-handler.js';

/**
 * Bounded zod pieces for Shopify's REST-shaped webhook payloads. Payloads carry far more than we keep;
 * z.object drops every field not named, so names, addresses, IPs and notes never get past parsing.
 */
export const shortText = z.string().max(256);
/**
 * Shopify ids arrive as numbers (which JSON.parse rounds above 2^53, so zod's int(), safe integers only,
 * would refuse them) or strings; exactIdOf keeps only the exact ones.
 */
export const numericId = z.union([z.number().nonnegative().refine(Number.isInteger, 'expected an integer id'), z.string().min(1).max(64)]);
/** `gid://shopify/Order/820982911946154508`: the only spelling of a big id that survives JSON.parse exactly. */
export const gid = z.string().max(128);
export const timestamp = z.string().max(64);
/** Money as Shopify sends it, a decimal string ("404.95"). */
export const money = z.union([z.string().max(32), z.number()]);
export const token = z.string().min(1).max(256);

/**
 * The id as a string. The GraphQL id is preferred: the numeric `id` of a parsed body has lost its last
 * digits when it is above 2^53 (order and customer ids often are).
 */
export function exactIdOf(graphqlId: string | null | undefined, id: number | string | null | undefined): string | null {
  const fromGid = graphqlId?.match(/^gid:\/\/shopify\/[A-Za-z]+\/(\d+)$/)?.[1];
  if (fromGid !== undefined) return fromGid;
  if (id === null || id === undefined) return null;
  return typeof id === 'number' ? (Number.isSafeInteger(id) ? String(id) : null) : id.replace(/^gid:\/\/shopify\/[A-Za-z]+\//, '');
}

export function timeOf(value: string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const t = Date.parse(value);
  return Number.isFinite(t) ? t : null;
}

export function amountOf(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) && n >= 0 && n <= 1e12 ? n : null;
}

/**
 * When the state in a payload was true, for "older never overwrites newer": the payload's own
 * timestamp, else when Shopify says the change happened, else now (a payload without either is rare).
 */
export function stateTimeOf(payloadTime: string | null | undefined, delivery: WebhookDelivery, now: number): number {
  return timeOf(payloadTime) ?? delivery.triggeredAt ?? now;
}

/** Parses the payload or throws an error naming the fields (never their values, which may be personal). */
export function parsePayload<S extends z.ZodType>(schema: S, delivery: WebhookDelivery): z.output<S> {
  const result = schema.safeParse(delivery.payload);
  if (result.success) return result.data;
  const paths = result.error.issues.slice(0, 5).map((i) => i.path.join('.') || '(root)');
  throw new Error(`${delivery.topic} payload invalid at ${paths.join(', ')}`);
}
