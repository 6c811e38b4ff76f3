import type { InboxBatch } from './webhook-inbox-schemas.js';
import { maskEmail } from './mask-email.js';

/** One member as the inbox keeps it: the full address is masked on arrival and never held. */
export interface InboxSampleMember {
  op: 'add' | 'update' | 'remove';
  profileId: number;
  maskedEmail: string | null;
}

export interface InboxEntry {
  batchId: string;
  receivedAt: number;
  destinationId: number;
  segment: { id: number; name: string };
  adds: number;
  updates: number;
  removes: number;
  /** The first few members of the batch. */
  sample: InboxSampleMember[];
  /** Only batches whose signature verified are recorded; kept on the entry so the page can say so. */
  signatureVerified: true;
  /** Deliveries of the same batch id after the first (a retry or a resumed run). */
  repeats: number;
}

export interface InboxSnapshot {
  /** Newest first, at most `capacity`. */
  entries: InboxEntry[];
  totals: { batches: number; adds: number; updates: number; removes: number; repeats: number; refused: number; pings: number };
  lastPingAt: number | null;
}

export interface WebhookInboxLog {
  /** 'duplicate' when the batch id was seen before: nothing is counted twice. */
  record(batch: InboxBatch, receivedAt: number): 'recorded' | 'duplicate';
  /** A delivery refused for its signature: counted, its content not kept. */
  refused(): void;
  pinged(at: number): void;
  snapshot(): InboxSnapshot;
}

export const INBOX_CAPACITY = 50;
export const SAMPLE_SIZE = 5;
/** Batch ids remembered for dedupe, more than the entries kept so an evicted batch re-sent is still a repeat. */
const SEEN_IDS = 5_000;

export function summarizeBatch(batch: InboxBatch, receivedAt: number): InboxEntry {
  const members: InboxSampleMember[] = [
    ...batch.adds.map((m) => ({ op: 'add' as const, profileId: m.profileId, email: m.email })),
    ...batch.updates.map((m) => ({ op: 'update' as const, profileId: m.profileId, email: m.email })),
    ...batch.removes.map((m) => ({ op: 'remove' as const, profileId: m.profileId, email: m.email })),
  ].slice(0, SAMPLE_SIZE).map(({ op, profileId, email }) => ({ op, profileId, maskedEmail: email === null ? null : maskEmail(email) }));
  return {
    batchId: batch.id,
    receivedAt,
    destinationId: batch.destinationId,
    segment: { id: batch.segment.id, name: batch.segment.name },
    adds: batch.adds.length,
    updates: batch.updates.length,
    removes: batch.removes.length,
    sample: members,
    signatureVerified: true,
    repeats: 0,
  };
}

/** The demo inbox's memory: the last `capacity` batches, deduped by batch id, with running totals. */
export function createWebhookInboxLog(capacity = INBOX_CAPACITY): WebhookInboxLog {
  const entries: InboxEntry[] = [];
  // Insertion-ordered, so the oldest id is the first one dropped.
  const seen = new Set<string>();
  const totals = { batches: 0, adds: 0, updates: 0, removes: 0, repeats: 0, refused: 0, pings: 0 };
  let lastPingAt: number | null = null;

  return {
    record(batch, receivedAt) {
      if (seen.has(batch.id)) {
        totals.repeats++;
        const kept = entries.find((e) => e.batchId === batch.id);
        if (kept) kept.repeats++;
        return 'duplicate';
      }
      seen.add(batch.id);
      if (seen.size > SEEN_IDS) seen.delete(seen.values().next().value!);
      const entry = summarizeBatch(batch, receivedAt);
      entries.unshift(entry);
      if (entries.length > capacity) entries.pop();
      totals.batches++;
      totals.adds += entry.adds;
      totals.updates += entry.updates;
      totals.removes += entry.removes;
      return 'recorded';
    },
    refused() { totals.refused++; },
    pinged(at) {
      totals.pings++;
      lastPingAt = at;
    },
    snapshot: () => ({ entries: entries.map((e) => ({ ...e, sample: [...e.sample] })), totals: { ...totals }, lastPingAt }),
  };
}
