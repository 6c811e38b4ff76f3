import { describe, expect, it } from 'vitest';
import { normalizeIdentifiers } from '../../server/identity/normalize-identifiers.js';
import { openIdentityTestDb, type IdentityTestDb } from './identity-test-db.js';
import { randomEventStream, withoutCustomerConflicts } from './random-event-stream.js';
import { seededRandom, shuffled } from './seeded-random.js';
import { referenceComponents, type ReferenceComponent, type StreamEvent } from './union-find-reference.js';

interface Outcome {
  components: ReferenceComponent[];
  /** "kind:value" → first_seen_at of the identifier row. */
  identifierFirstSeen: Record<string, number>;
  merges: number;
}

/**
 * Applies the stream in this order to a fresh database and reads back what the resolver built:
 * one resolve per event, or resolveMany over consecutive chunks of the given sizes.
 */
function apply(events: readonly StreamEvent[], chunkSizes?: () => number): Outcome & { t: IdentityTestDb } {
  const t = openIdentityTestDb();
  if (chunkSizes === undefined) for (const e of events) t.track(e.id, e.identifiers, e.at);
  else for (let i = 0; i < events.length;) {
    const size = chunkSizes();
    t.trackMany(events.slice(i, i + size));
    i += size;
  }
  const rows = t.db.prepare(`SELECT p.id, p.customer_id AS customerId, p.first_seen_at AS firstSeenAt, p.last_seen_at AS lastSeenAt,
    (SELECT count(*) FROM events WHERE profile_id = p.id) AS events FROM profiles p`).all() as
    { id: number; customerId: string | null; firstSeenAt: number; lastSeenAt: number; events: number }[];
  const components = rows.map((r) => {
    const identifiers = t.identifiersOf(r.id);
    return {
      identifiers,
      events: r.events,
      firstSeenAt: r.firstSeenAt,
      lastSeenAt: r.lastSeenAt,
      customers: r.customerId === null ? [] : [r.customerId],
    };
  }).sort((a, b) => (a.identifiers.join('|') < b.identifiers.join('|') ? -1 : 1));
  const identifierFirstSeen = Object.fromEntries((t.db.prepare('SELECT kind, value, first_seen_at AS at FROM identifiers').all() as
    { kind: string; value: string; at: number }[]).map((r) => [`${r.kind}:${r.value}`, r.at]));
  const merges = t.db.prepare('SELECT count(*) FROM profile_merges').pluck().get() as number;
  return { components, identifierFirstSeen, merges, t };
}

const keysOf = (e: StreamEvent) => normalizeIdentifiers(e.identifiers).map((i) => `${i.kind}:${i.value}`);

function earliestSightings(events: readonly StreamEvent[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of events) for (const k of keysOf(e)) out[k] = Math.min(out[k] ?? Infinity, e.at);
  return out;
}

describe('identity stitching is order independent (property over random event streams)', () => {
  const seeds = [1, 2, 3, 7, 2025];

  for (const seed of seeds) {
    it(`seed ${seed}: every arrival order gives the union-find partition, counts and spans`, () => {
      const stream = withoutCustomerConflicts(randomEventStream({ seed, events: 300, people: 25, crossLinkRate: 0.08 }));
      expect(stream.length).toBeGreaterThan(200);
      const expected = referenceComponents(stream);
      // The stream must actually exercise merges and customers, or the property proves little.
      expect(expected.some((c) => c.identifiers.length >= 6)).toBe(true);
      expect(expected.filter((c) => c.customers.length === 1).length).toBeGreaterThan(3);

      const random = seededRandom(seed * 7919);
      const orders = [stream, [...stream].reverse(), shuffled(stream, random), shuffled(stream, random), shuffled(stream, random)];
      const outcomes = orders.map((order) => apply(order));
      // Batches through resolveMany, in chunks of 1 to 80 events, must land on the same result.
      outcomes.push(apply(shuffled(stream, random), () => 1 + Math.floor(random() * 80)));
      outcomes.push(apply(stream, () => stream.length));
      try {
        const first = outcomes[0]!;
        expect(first.components).toEqual(expected);
        expect(first.merges).toBeGreaterThan(0);
        expect(first.identifierFirstSeen).toEqual(earliestSightings(stream));
        for (const o of outcomes.slice(1)) {
          expect(o.components).toEqual(first.components);
          expect(o.identifierFirstSeen).toEqual(first.identifierFirstSeen);
        }
      } finally {
        for (const o of outcomes) o.t.close();
      }
    });
  }
});

describe('streams where two customers share identifiers (the documented order-dependent case)', () => {
  for (const seed of [7, 8, 9]) {
    it(`seed ${seed}: customers stay apart and every order keeps the invariants`, () => {
      const stream = randomEventStream({ seed, events: 300, people: 20, crossLinkRate: 0.15 });
      const reference = referenceComponents(stream);
      expect(reference.some((c) => c.customers.length > 1)).toBe(true);
      const random = seededRandom(seed);
      for (const order of [stream, shuffled(stream, random), shuffled(stream, random)]) {
        const o = apply(order);
        try {
          const { db } = o.t;
          // One profile per customer, holding exactly its own customer identifier.
          const customers = new Set(reference.flatMap((c) => c.customers));
          expect(o.components.filter((c) => c.customers.length === 1)).toHaveLength(customers.size);
          for (const c of o.components) {
            const held = c.identifiers.filter((k) => k.startsWith('customer:')).map((k) => k.slice('customer:'.length));
            expect(held).toEqual(c.customers);
            expect(c.events).toBeGreaterThan(0);
          }
          // Every event with a customer id sits in that customer's profile.
          const profileOfEvent = db.prepare('SELECT profile_id FROM events WHERE event_id = ?').pluck();
          const profileOfCustomer = db.prepare("SELECT id FROM profiles WHERE customer_id = ?").pluck();
          for (const e of order) {
            const own = normalizeIdentifiers(e.identifiers).find((i) => i.kind === 'customer');
            if (own) expect(profileOfEvent.get(e.id)).toBe(profileOfCustomer.get(own.value));
          }
          // Profiles only ever join along shared identifiers: each lies inside one reference component,
          // and components that hold at most one customer come out exactly as union-find says.
          const componentOf = new Map(reference.flatMap((c, i) => c.identifiers.map((k) => [k, i] as const)));
          for (const c of o.components) expect(new Set(c.identifiers.map((k) => componentOf.get(k))).size).toBe(1);
          for (const r of reference.filter((c) => c.customers.length <= 1)) expect(o.components).toContainEqual(r);
          // Spans are exactly the events' time range.
          const spans = db.prepare(`SELECT p.first_seen_at = min(e.occurred_at) AND p.last_seen_at = max(e.occurred_at)
            FROM profiles p JOIN events e ON e.profile_id = p.id GROUP BY p.id`).pluck().all();
          expect(spans.every((ok) => ok === 1)).toBe(true);
          expect(spans).toHaveLength(o.components.length);
        } finally {
          o.t.close();
        }
      }
    });
  }
});
