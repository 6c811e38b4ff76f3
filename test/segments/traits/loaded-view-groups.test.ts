import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db/open-database.js';
import { createProfileFactsQueries, FACTS_INDEX_GROUPED_NAMES } from '../../../server/db/profile-facts-queries.js';
import { createShopQueries } from '../../../server/db/shops.js';
import { createIdentityResolver } from '../../../server/identity/create-identity-resolver.js';
import { createEventWriter } from '../../../server/ingest/create-event-writer.js';
import type { StoredEvent } from '../../../server/ingest/stored-event.js';
import { NO_TIME_DEPENDENCE } from '../../../server/segments/query/time-dependence.js';
import { computeProfileTraits, GROUPABLE_EVENT_NAMES, groupedEventNames, PROPERTY_EVENT_NAMES } from '../../../server/segments/traits/compute-profile-traits.js';
import { groupViewEvents } from '../../../server/segments/traits/group-view-events.js';
import { randomFacts, seededRandom } from './random-facts.js';
import { HOUR, NOW, context } from './trait-facts.js';

const dir = mkdtempSync(join(tmpdir(), 'view-groups-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the engine's loader and groupViewEvents", () => {
  it('group the same events the same way, and the traits of both shapes agree', () => {
    const db = openDatabase(join(dir, 'app.db'));
    const shop = createShopQueries(db).ensure('demo-shop.myshopify.com', NOW, 'key');
    const writer = createEventWriter({ db, identity: createIdentityResolver(db) });
    const rng = seededRandom(77);
    const visitors = Array.from({ length: 40 }, (_, i) => `visitor-${i}`);
    for (const visitor of visitors) {
      const { events } = randomFacts(rng, { ties: rng.next() < 0.5 });
      writer.writeBatch(shop.id, events.filter((e) => e.name !== 'Cart_Abandoned').map((e): StoredEvent => ({
        eventId: randomUUID(), name: e.name, occurredAt: e.occurredAt, receivedAt: NOW, timeFlagged: false, visitorId: visitor,
        sessionId: e.sessionId, cartToken: e.cartToken, checkoutToken: e.checkoutToken, identifiers: [{ kind: 'visitor', value: visitor }],
        device: e.device, os: null, browser: null, pagePath: '/', referrerHost: null, properties: e.properties ?? {},
        consent: { marketing: true, saleOfData: true, gpc: false }, source: 'storefront',
      })));
    }
    const profileIds = db.prepare("SELECT DISTINCT profile_id FROM identifiers WHERE kind = 'visitor'").pluck().all() as number[];
    expect(profileIds).toHaveLength(visitors.length);

    const facts = createProfileFactsQueries(db);
    const sequence = { ...NO_TIME_DEPENDENCE, sequences: [{ name: 'Product_Viewed', withinMs: HOUR }] };
    let groups = 0;
    for (const timeDependence of [NO_TIME_DEPENDENCE, sequence]) {
      const names = groupedEventNames(timeDependence);
      const raw = facts.load(profileIds, PROPERTY_EVENT_NAMES, []);
      const loaded = facts.load(profileIds, PROPERTY_EVENT_NAMES, names);
      for (const id of profileIds) {
        const listed = raw.get(id)!;
        expect(listed.viewGroups).toEqual([]);
        const expected = groupViewEvents(listed.events, names);
        expect(loaded.get(id)!.viewGroups).toEqual(expected.viewGroups);
        expect(loaded.get(id)!.events).toEqual(expected.events);
        groups += expected.viewGroups.length;
        const ctx = context(NOW + rng.int(-30, 3) * 24 * HOUR, { timeDependence });
        expect(computeProfileTraits(loaded.get(id)!, ctx)).toEqual(computeProfileTraits(listed, ctx));
      }
    }
    expect(groups).toBeGreaterThan(200);
    db.close();
  });

  it('reads the events it does not group through the partial index that leaves views out', () => {
    expect(GROUPABLE_EVENT_NAMES).toEqual(FACTS_INDEX_GROUPED_NAMES);
    const db = openDatabase(join(dir, 'plan.db'));
    // What load() runs when no segment needs a view's exact time.
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT profile_id FROM events WHERE profile_id IN (SELECT value FROM json_each(?))
      AND name NOT IN (${FACTS_INDEX_GROUPED_NAMES.map((n) => `'${n}'`).join(', ')}) ORDER BY profile_id, occurred_at, id`)
      .all('[1, 2]') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' | ')).toMatch(/USING INDEX events_profile_facts/);
    expect(plan.map((p) => p.detail).join(' | ')).not.toMatch(/TEMP B-TREE/);
    db.close();
  });
});
