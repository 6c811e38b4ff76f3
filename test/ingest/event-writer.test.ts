import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../server/db/open-database.js';
import { createShopQueries, type ShopRow } from '../../server/db/shops.js';
import { createIdentityResolver } from '../../server/identity/create-identity-resolver.js';
import { createEventWriter } from '../../server/ingest/create-event-writer.js';
import { createShopLookup } from '../../server/ingest/create-shop-lookup.js';
import type { StoredEvent } from '../../server/ingest/stored-event.js';

const DAY1 = Date.parse('2025-05-01T23:59:00Z');
const DAY2 = Date.parse('2025-05-02T00:01:00Z');

function stored(overrides: Partial<StoredEvent> = {}): StoredEvent {
  return {
    eventId: randomUUID(), name: 'Page_Viewed', occurredAt: DAY1, receivedAt: DAY1, timeFlagged: false,
    visitorId: 'v1', sessionId: 's1', cartToken: null, checkoutToken: null,
    identifiers: [{ kind: 'visitor', value: 'v1' }], device: 'desktop', os: 'macOS', browser: 'Safari',
    pagePath: '/', referrerHost: null, properties: { title: 'Home' },
    consent: { marketing: null, saleOfData: false, gpc: false }, source: 'demo-seed',
    ...overrides,
  };
}

describe('event writer (writeBatch, also used by the demo seed)', () => {
  let dir: string;
  let db: Db;
  let shop: ShopRow;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'event-writer-'));
    db = openDatabase(join(dir, 'app.db'));
    shop = createShopQueries(db).ensure('writer-shop.myshopify.com', DAY1);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores each (shop, event id) once, within a batch and across batches', () => {
    const writer = createEventWriter({ db, identity: createIdentityResolver(db) });
    const a = stored();
    const b = stored({ visitorId: 'v2', identifiers: [{ kind: 'visitor', value: 'v2' }], receivedAt: DAY2, occurredAt: DAY2 });
    expect(writer.writeBatch(shop.id, [a, b, { ...a }])).toEqual({ accepted: 2, duplicates: 1 });
    expect(writer.writeBatch(shop.id, [a, stored()])).toEqual({ accepted: 1, duplicates: 1 });
    // Another shop may use the same id.
    const other = createShopQueries(db).ensure('other-writer-shop.myshopify.com', DAY1);
    expect(writer.writeBatch(other.id, [a])).toEqual({ accepted: 1, duplicates: 0 });

    expect(db.prepare('SELECT COUNT(*) FROM events WHERE shop_id = ?').pluck().get(shop.id)).toBe(3);
    const counters = db.prepare('SELECT day, reason, count FROM ingest_counters WHERE shop_id = ? ORDER BY day, reason').all(shop.id);
    expect(counters).toEqual([
      { day: '2025-05-01', reason: 'accepted', count: 2 },
      { day: '2025-05-01', reason: 'duplicate', count: 2 },
      { day: '2025-05-02', reason: 'accepted', count: 1 },
    ]);
  });

  it('writes the minimized columns and attaches each event to its profile', () => {
    const writer = createEventWriter({ db, identity: createIdentityResolver(db) });
    const e = stored({
      timeFlagged: true, cartToken: 'cart-1', identifiers: [{ kind: 'visitor', value: 'v1' }, { kind: 'cart', value: 'cart-1' }],
      consent: { marketing: true, saleOfData: null, gpc: true }, properties: { a: [1, 2] },
    });
    writer.writeBatch(shop.id, [e, stored({ identifiers: [{ kind: 'cart', value: 'cart-1' }], visitorId: null })]);
    const rows = db.prepare('SELECT * FROM events ORDER BY id').all() as Array<Record<string, unknown>>;
    expect(rows[0]).toMatchObject({
      event_id: e.eventId, time_flagged: 1, cart_token: 'cart-1', device: 'desktop', os: 'macOS', browser: 'Safari',
      page_path: '/', properties: '{"a":[1,2]}', consent_marketing: 1, consent_sale_of_data: null, gpc: 1, source: 'demo-seed',
    });
    // Sharing the cart token, both events belong to one profile.
    expect(rows[0]!.profile_id).toBe(rows[1]!.profile_id);
  });
});

describe('shop lookup cache', () => {
  it('serves a found shop for its TTL, then reads it again; an unknown shop is never remembered', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shop-lookup-'));
    const db = openDatabase(join(dir, 'app.db'));
    try {
      const shops = createShopQueries(db);
      const shop = shops.ensure('cached-shop.myshopify.com', 0);
      let now = 0;
      const lookup = createShopLookup(shops, { ttlMs: 1000, now: () => now });
      expect(lookup(shop.domain)?.uninstalledAt).toBeNull();
      db.prepare('UPDATE shops SET uninstalled_at = 5 WHERE id = ?').run(shop.id);
      expect(lookup(shop.domain)?.uninstalledAt).toBeNull();
      now = 1001;
      expect(lookup(shop.domain)?.uninstalledAt).toBe(5);

      expect(lookup('late-shop.myshopify.com')).toBeUndefined();
      shops.ensure('late-shop.myshopify.com', 0);
      expect(lookup('late-shop.myshopify.com')?.domain).toBe('late-shop.myshopify.com');
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
