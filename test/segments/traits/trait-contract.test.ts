import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db/open-database.js';
import { generateDemoHistory } from '../../../server/demo/generate-demo-history.js';
import { EVENT_CATALOG } from '../../../server/ingest/event-catalog.js';
import { computeProfileTraits, PROPERTY_EVENT_NAMES } from '../../../server/segments/traits/compute-profile-traits.js';
import type { FactEvent } from '../../../server/segments/traits/profile-facts.js';
import { DAY, HOUR, NOW, added, compute, context, facts } from './trait-facts.js';

const dir = mkdtempSync(join(tmpdir(), 'traits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('traits contract', () => {
  it('has one field per profile_traits column, except the RFM scores, recheck_at and computed_at', () => {
    const db = openDatabase(join(dir, 'contract.db'));
    const columns = (db.prepare('PRAGMA table_info(profile_traits)').all() as { name: string }[]).map((c) => c.name);
    db.close();
    const expected = columns
      .filter((c) => !c.startsWith('rfm_') && c !== 'recheck_at' && c !== 'computed_at')
      .map((c) => c.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase()));
    expect(Object.keys(computeProfileTraits(facts(), context(NOW)).traits).sort()).toEqual(expected.sort());
  });

  it("derives events the catalog accepts, leaving out what exceeds its bounds", () => {
    const longWindow = computeProfileTraits(facts({ events: [added(NOW - 3 * DAY, '1', 2)] }), context(NOW, { abandonmentWindowMs: 2 * DAY }));
    expect(longWindow.derivedEvents[0]!.properties).toEqual({ itemCount: 2, total: 20, currency: 'EUR' }); // idleMs > 1 day: not in the catalog's range
    const huge = computeProfileTraits(facts({ events: [added(NOW - 3 * HOUR, '1', 2, {}, { price: 9e8 })] }), context(NOW));
    expect(huge.derivedEvents[0]!.properties).toEqual({ itemCount: 2, currency: 'EUR', idleMs: HOUR });
  });

  it('computes plausible traits for every shopper of the demo history, with catalog-valid events, listed or grouped', () => {
    const byVisitor = new Map<string, FactEvent[]>();
    for (const chunk of generateDemoHistory({ seed: 7, shoppers: 300, days: 60, now: NOW - DAY })) {
      for (const e of chunk) {
        const list = byVisitor.get(e.visitorId!) ?? [];
        list.push({ eventId: e.eventId, name: e.name, occurredAt: e.occurredAt, sessionId: e.sessionId, device: e.device,
          cartToken: e.cartToken, checkoutToken: e.checkoutToken, properties: PROPERTY_EVENT_NAMES.includes(e.name) ? e.properties : null });
        byVisitor.set(e.visitorId!, list);
      }
    }
    let abandoned = 0;
    for (const events of byVisitor.values()) {
      const { traits, derivedEvents } = compute(facts({ events, firstSeenAt: events[0]!.occurredAt, lastSeenAt: events[0]!.occurredAt }), context(NOW));
      for (const d of derivedEvents) expect(EVENT_CATALOG[d.name].properties.parse(d.properties)).toEqual(d.properties);
      const orderIds = new Set(events.filter((e) => e.name === 'Checkout_Completed').map((e) => e.properties!.orderId));
      expect(traits.numberOfOrders).toBe(orderIds.size);
      expect(traits.sessions).toBe(new Set(events.map((e) => e.sessionId)).size);
      if (traits.cartAbandonedAt !== null) {
        abandoned += 1;
        expect(traits.cartRecoveryUrl).toMatch(/^https:\/\/demo-shop\.myshopify\.com\/cart\/\d+:\d+(,\d+:\d+)*$/);
        expect(traits.cartAbandonedItems).toBeGreaterThan(0);
      }
    }
    expect(abandoned).toBeGreaterThan(0);
  });
});
