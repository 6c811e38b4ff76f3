import { createHash } from 'node:crypto';
import type { SyncMember, SyncOperation, SyncProperties, SyncTarget } from '../destination-client.js';

/** One member as a webhook receiver gets it in `adds` and `updates`. */
export interface WebhookMember {
  profileId: number;
  email: string | null;
  customerId: string | null;
  properties: SyncProperties;
  marketingConsent: boolean;
  /** When the shopper entered the segment (ISO 8601). */
  enteredAt: string;
}

/** One member in `removes`: email and customerId are null once the shopper's data was redacted. */
export interface WebhookRemoval {
  profileId: number;
  email: string | null;
  customerId: string | null;
}

/** The JSON body of one webhook delivery (docs/destinations.md). */
export interface WebhookBatch {
  /** Derived from the operations alone: a re-sent batch (after a crash or a retry) carries the same id. */
  id: string;
  destinationId: number;
  segment: { id: number; name: string };
  /** When this delivery attempt was made (ISO 8601); differs between attempts of the same batch. */
  sentAt: string;
  adds: WebhookMember[];
  updates: WebhookMember[];
  removes: WebhookRemoval[];
}

const iso = (ms: number) => new Date(ms).toISOString();

const memberOf = (m: SyncMember): WebhookMember => ({
  profileId: m.profileId,
  email: m.email,
  customerId: m.customerId,
  properties: m.properties,
  marketingConsent: m.marketingConsent,
  enteredAt: iso(m.enteredAt),
});

/** Groups the operations into one batch; ids and order follow the operations, so the same ops give the same id. */
export function buildWebhookBatch(input: { destinationId: number; target: SyncTarget; ops: readonly SyncOperation[]; now: number }): WebhookBatch {
  const adds: WebhookMember[] = [];
  const updates: WebhookMember[] = [];
  const removes: WebhookRemoval[] = [];
  for (const op of input.ops) {
    if (op.op === 'add') adds.push(memberOf(op.member));
    else if (op.op === 'update') updates.push(memberOf(op.member));
    else removes.push({ profileId: op.profileId, email: op.email, customerId: op.customerId });
  }
  const segment = { id: input.target.segmentId, name: input.target.segmentName };
  const id = `whb_${createHash('sha256').update(canonicalJson({ destinationId: input.destinationId, segmentId: segment.id, adds, updates, removes })).digest('hex').slice(0, 40)}`;
  return { id, destinationId: input.destinationId, segment, sentAt: iso(input.now), adds, updates, removes };
}

/** JSON with object keys sorted at every level, so equal content hashes equally whatever order it was built in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
