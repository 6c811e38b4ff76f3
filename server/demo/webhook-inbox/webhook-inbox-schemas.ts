import { z } from 'zod';

/**
 * What the demo inbox accepts: the webhook payload of docs/destinations.md, every field bounded. Unknown
 * fields are dropped rather than refused, as a receiver should tolerate a payload that grows.
 */
const Id = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const Email = z.string().max(320).nullable();
const CustomerId = z.string().max(64).nullable();

const Member = z.object({
  profileId: Id,
  email: Email,
  customerId: CustomerId,
  properties: z.record(z.string().max(100), z.unknown()).refine((p) => Object.keys(p).length <= 100, 'at most 100 properties'),
  marketingConsent: z.boolean(),
  enteredAt: z.iso.datetime(),
});

const Removal = z.object({ profileId: Id, email: Email, customerId: CustomerId });

/** Our client sends at most 500 operations per batch (create-webhook-client.ts). */
const MAX_OPERATIONS = 500;

export const InboxBatchSchema = z.object({
  id: z.string().regex(/^whb_[0-9a-f]{40}$/, 'a batch id is whb_ and 40 hex digits'),
  destinationId: Id,
  segment: z.object({ id: Id, name: z.string().max(200) }),
  sentAt: z.iso.datetime(),
  adds: z.array(Member).max(MAX_OPERATIONS),
  updates: z.array(Member).max(MAX_OPERATIONS),
  removes: z.array(Removal).max(MAX_OPERATIONS),
});

/** "Test connection" sends this instead of a batch. */
export const InboxPingSchema = z.object({ type: z.literal('ping'), destinationId: Id, sentAt: z.iso.datetime() });

export type InboxBatch = z.infer<typeof InboxBatchSchema>;
