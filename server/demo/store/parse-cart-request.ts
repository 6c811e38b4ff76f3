import { z } from 'zod';
import { missingParameter } from './cart-error.js';
import { MAX_LINES, type LineTarget, type QuantityRequest } from './cart-operations.js';

/**
 * The request bodies of the demo's Ajax Cart API, JSON or form-encoded (`id=..&quantity=..`,
 * `items[0][id]=..`, `updates[<variant id>]=..`), read with bounded schemas. Shape errors are Shopify's 400;
 * values that parse but make no sense (an unknown variant, quantity "two") are left for the cart to refuse
 * with a 422, as Shopify does.
 */
const RawId = z.union([z.number(), z.string().trim().max(80)]);
const RawQuantity = z.union([z.number(), z.string().trim().max(12)]);
const LineKeyOrVariant = z.string().regex(/^\d{1,20}(:[0-9a-f]{32})?$/);

// Line item properties are accepted and ignored: demo lines carry none.
const AddItem = z.object({ id: RawId, quantity: RawQuantity.optional(), properties: z.record(z.string().max(100), z.unknown()).optional() });
const AddBody = z.union([z.object({ items: z.array(AddItem).min(1).max(MAX_LINES) }), AddItem]);
const ChangeBody = z.object({ id: RawId.optional(), line: RawQuantity.optional(), quantity: RawQuantity.optional() });
const UpdateBody = z.object({
  updates: z.union([
    z.array(RawQuantity).max(MAX_LINES),
    z.record(LineKeyOrVariant, RawQuantity).refine((o) => Object.keys(o).length <= MAX_LINES, 'too many updates'),
  ]),
});

/** A whole number from JSON or a form field; NaN for anything else (so "1e3" or "0x10" are not quantities). */
const toInteger = (value: number | string) =>
  typeof value === 'number' ? value : /^-?\d{1,9}$/.test(value) ? Number(value) : Number.NaN;

// Ids beyond 2^53 cannot be demo variants; String(1e21) would read as another id, so they become no id at all.
const toId = (value: number | string) => (typeof value === 'string' ? value : Number.isSafeInteger(value) ? String(value) : '');

export interface AddRequest {
  items: { id: string; quantity: number }[];
  /** `{id, quantity}` rather than `{items: [...]}`: add.js then answers with the one line, not `{items}`. */
  single: boolean;
}

export function parseAddRequest(body: unknown): AddRequest {
  const parsed = AddBody.safeParse(body ?? {});
  if (!parsed.success) throw missingParameter('items');
  const data = parsed.data;
  const items = 'items' in data ? data.items : [data];
  return {
    items: items.map((i) => ({ id: toId(i.id), quantity: i.quantity === undefined ? 1 : toInteger(i.quantity) })),
    single: !('items' in data),
  };
}

export function parseChangeRequest(body: unknown): QuantityRequest {
  const parsed = ChangeBody.safeParse(body ?? {});
  if (!parsed.success) throw missingParameter("'line' or 'id' param is required");
  const { id, line, quantity } = parsed.data;
  let target: LineTarget;
  if (line !== undefined && line !== '') target = { line: toInteger(line) };
  else if (id !== undefined && id !== '') target = { id: toId(id) };
  else throw missingParameter("'line' or 'id' param is required");
  if (quantity === undefined || quantity === '') throw missingParameter('quantity');
  return { target, quantity: toInteger(quantity) };
}

export function parseUpdateRequest(body: unknown): QuantityRequest[] {
  const parsed = UpdateBody.safeParse(body ?? {});
  if (!parsed.success) throw missingParameter('updates');
  const { updates } = parsed.data;
  return Array.isArray(updates)
    ? updates.map((q, i) => ({ target: { line: i + 1 }, quantity: toInteger(q) }))
    : Object.entries(updates).map(([id, q]) => ({ target: { id }, quantity: toInteger(q) }));
}
