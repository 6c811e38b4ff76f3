import type { Identifier } from '../../server/identity/identifier.js';
import { randomInt, seededRandom } from './seeded-random.js';
import { referenceComponents, type StreamEvent } from './union-find-reference.js';

export interface StreamOptions {
  seed: number;
  events: number;
  people: number;
  /** Share of events that carry one identifier of another person (shared devices, forwarded carts...). */
  crossLinkRate: number;
}

const T0 = Date.UTC(2025, 0, 1);
const HOUR = 3_600_000;

/**
 * Events of a small crowd of shoppers, each with one to three devices (visitor + client id per device),
 * carts, checkouts, sometimes an email typed in assorted case and sometimes a customer id.
 * Times repeat on purpose so tie-breaks are exercised.
 */
export function randomEventStream(o: StreamOptions): StreamEvent[] {
  const random = seededRandom(o.seed);
  const chance = (p: number) => random() < p;
  const people = Array.from({ length: o.people }, (_, p) => ({
    devices: 1 + randomInt(random, 3),
    carts: 1 + randomInt(random, 3),
    email: chance(0.6) ? `person${p}@example.com` : null,
    customer: chance(0.4) ? String(1000 + p) : null,
  }));
  const pick = (p: number): Identifier[] => {
    const person = people[p]!;
    const device = randomInt(random, person.devices);
    const ids: Identifier[] = [];
    if (chance(0.85)) ids.push({ kind: 'visitor', value: `v-${p}-${device}` });
    if (chance(0.4)) ids.push({ kind: 'client', value: `c-${p}-${device}` });
    if (chance(0.25)) ids.push({ kind: 'cart', value: `cart-${p}-${randomInt(random, person.carts)}` });
    if (chance(0.1)) ids.push({ kind: 'checkout', value: `ck-${p}-${randomInt(random, person.carts)}` });
    if (person.email && chance(0.1)) ids.push({ kind: 'email', value: chance(0.5) ? person.email.toUpperCase() : ` ${person.email}` });
    if (person.customer && chance(0.1)) ids.push({ kind: 'customer', value: person.customer });
    if (ids.length === 0) ids.push({ kind: 'visitor', value: `v-${p}-${device}` });
    return ids;
  };
  return Array.from({ length: o.events }, (_, i) => {
    const p = randomInt(random, o.people);
    const identifiers = pick(p);
    if (chance(o.crossLinkRate)) {
      const other = pick(randomInt(random, o.people));
      identifiers.push(other[randomInt(random, other.length)]!);
    }
    return { id: `e${i}`, at: T0 + randomInt(random, 200) * HOUR, identifiers };
  });
}

/**
 * Drops the events that would put two customers in one connected component, so that no order of the
 * remaining stream ever meets the (order dependent) customer-conflict rule.
 */
export function withoutCustomerConflicts(events: readonly StreamEvent[]): StreamEvent[] {
  const kept: StreamEvent[] = [];
  for (const e of events) {
    if (referenceComponents([...kept, e]).every((c) => c.customers.length <= 1)) kept.push(e);
  }
  return kept;
}
