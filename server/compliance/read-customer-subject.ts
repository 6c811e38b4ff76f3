import { z } from 'zod';
import type { CustomerSubject } from '../db/compliance-queries.js';
import { normalizeIdentifiers } from '../identity/normalize-identifiers.js';
import { exactIdOf, numericId } from '../webhooks/handlers/shopify-payload-fields.js';

/** customers/data_request and customers/redact share this shape (shopify.md §5, compliance topics). */
export const customerRequestPayload = z.object({
  customer: z.object({ id: numericId, email: z.string().max(320).nullish() }),
  orders_requested: z.array(numericId).max(100_000).nullish(),
  orders_to_redact: z.array(numericId).max(100_000).nullish(),
  data_request: z.object({ id: numericId }).nullish(),
});
export type CustomerRequestPayload = z.output<typeof customerRequestPayload>;

/** Pure: who the request is about. Throws when the customer id did not survive parsing (above 2^53 as a number). */
export function readCustomerSubject(p: CustomerRequestPayload, shopId: number): CustomerSubject {
  const customerId = exactIdOf(null, p.customer.id);
  if (customerId === null) throw new Error('compliance payload without a usable customer id');
  const emails = normalizeIdentifiers([{ kind: 'email', value: p.customer.email }]).map((i) => i.value);
  const orderIds = [...(p.orders_requested ?? []), ...(p.orders_to_redact ?? [])]
    .map((id) => exactIdOf(null, id))
    .filter((id): id is string => id !== null);
  return { shopId, customerId, emails, orderIds };
}
