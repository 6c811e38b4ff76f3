import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../server/db/open-database.js';
import { createShopQueries } from '../../server/db/shops.js';
import { createIdentityResolver, type IdentityResolver } from '../../server/identity/create-identity-resolver.js';
import type { Identifier, IdentifierKind } from '../../server/identity/identifier.js';

/** A real SQLite file in a temp folder with one shop and a resolver, plus readers for assertions. */
export interface IdentityTestDb {
  db: Db;
  shopId: number;
  resolver: IdentityResolver;
  /** Resolves inside a transaction (as ingestion does) and stores an event row for the profile. */
  track(eventId: string, identifiers: Identifier[], at: number): number;
  /** The same for many events through resolveMany, storing the events after the whole batch resolved. */
  trackMany(events: readonly { id: string; identifiers: Identifier[]; at: number }[]): number[];
  profiles(): { id: number; customerId: string | null; firstSeenAt: number; lastSeenAt: number }[];
  identifiersOf(profileId: number): string[];
  profileOf(kind: IdentifierKind, value: string): number | undefined;
  eventsOf(profileId: number): string[];
  /** Profiles as sorted lists of "kind:value", sorted, so two databases compare by content. */
  partition(): string[][];
  close(): void;
}

let counter = 0;

export function openIdentityTestDb(shopDomain = 'identity-test.myshopify.com'): IdentityTestDb {
  const dir = mkdtempSync(join(tmpdir(), 'shopper-segments-identity-'));
  const db = openDatabase(join(dir, `identity-${counter++}.db`));
  const shopId = createShopQueries(db).ensure(shopDomain, 1_700_000_000_000).id;
  const resolver = createIdentityResolver(db);
  const insertEvent = db.prepare(`INSERT INTO events (shop_id, event_id, name, occurred_at, received_at, profile_id, device, source)
    VALUES (?, ?, 'Page_Viewed', ?, ?, ?, 'desktop', 'server')`);
  const track = db.transaction((eventId: string, identifiers: Identifier[], at: number) => {
    const profileId = resolver.resolve(shopId, identifiers, at);
    insertEvent.run(shopId, eventId, at, at, profileId);
    return profileId;
  });
  const trackMany = db.transaction((events: readonly { id: string; identifiers: Identifier[]; at: number }[]) => {
    const profileIds = resolver.resolveMany(shopId, events);
    events.forEach((e, i) => insertEvent.run(shopId, e.id, e.at, e.at, profileIds[i]));
    return profileIds;
  });
  const identifiersOf = (profileId: number) =>
    (db.prepare('SELECT kind, value FROM identifiers WHERE profile_id = ?').all(profileId) as Identifier[])
      .map((i) => `${i.kind}:${i.value}`)
      .sort();
  return {
    db,
    shopId,
    resolver,
    track: (eventId, identifiers, at) => track(eventId, identifiers, at),
    trackMany: (events) => trackMany(events),
    profiles: () => db.prepare(`SELECT id, customer_id AS customerId, first_seen_at AS firstSeenAt, last_seen_at AS lastSeenAt
      FROM profiles WHERE shop_id = ? ORDER BY id`).all(shopId) as ReturnType<IdentityTestDb['profiles']>,
    identifiersOf,
    profileOf: (kind, value) => db.prepare('SELECT profile_id FROM identifiers WHERE shop_id = ? AND kind = ? AND value = ?')
      .pluck().get(shopId, kind, value) as number | undefined,
    eventsOf: (profileId) => db.prepare('SELECT event_id FROM events WHERE profile_id = ? ORDER BY event_id').pluck().all(profileId) as string[],
    partition() {
      const ids = db.prepare('SELECT id FROM profiles WHERE shop_id = ?').pluck().all(shopId) as number[];
      return ids.map(identifiersOf).sort((a, b) => (a.join('|') < b.join('|') ? -1 : 1));
    },
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const visitor = (value: string): Identifier => ({ kind: 'visitor', value });
export const client = (value: string): Identifier => ({ kind: 'client', value });
export const cart = (value: string): Identifier => ({ kind: 'cart', value });
export const checkout = (value: string): Identifier => ({ kind: 'checkout', value });
export const email = (value: string): Identifier => ({ kind: 'email', value });
export const customer = (value: string): Identifier => ({ kind: 'customer', value });
