import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';
import { fixedClock } from '../../server/clock.js';
import { createShopQueries } from '../../server/db/shops.js';
import { createShopSettingsQueries } from '../../server/db/shop-settings-queries.js';
import { runRetention } from '../../server/retention/run-retention.js';
import { DAY, shopperEvent } from '../segments/live/segment-world.js';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);

describe('data retention', () => {
  let t: TestApp;
  let otherShop: number;
  const events = (shopId: number) => t.db.prepare('SELECT occurred_at FROM events WHERE shop_id = ? ORDER BY occurred_at').pluck().all(shopId) as number[];
  const traitsOf = (visitor: string) => t.db.prepare(`SELECT t.product_views FROM profile_traits t JOIN identifiers i ON i.profile_id = t.profile_id
    WHERE i.kind = 'visitor' AND i.value = ?`).pluck().get(visitor);

  beforeAll(async () => {
    t = await startTestApp({ clock: fixedClock(NOW) });
    otherShop = createShopQueries(t.db).ensure('other-shop.myshopify.com', NOW).id;
    createShopSettingsQueries(t.db).save(otherShop, { dataRetentionDays: 30 }, NOW);
    const view = (visitor: string, at: number) => shopperEvent(visitor, 'Product_Viewed', at, { productId: '1' }, { session: `${visitor}-${at}` });
    // The demo shop keeps the default 365 days: ann's three views of last year go, bob's 100-day-old one stays.
    t.app.ingestion.writer.writeBatch(t.shop.id, [view('ann', NOW - 400 * DAY), view('ann', NOW - 401 * DAY), view('ann', NOW - 402 * DAY), view('ann', NOW - DAY), view('bob', NOW - 100 * DAY)]);
    // The other shop keeps 30 days.
    t.app.ingestion.writer.writeBatch(otherShop, [view('cy', NOW - 40 * DAY), view('cy', NOW - 31 * DAY), view('di', NOW - 35 * DAY), view('di', NOW - 10 * DAY), view('ed', NOW - 50 * DAY)]);
    t.db.prepare("INSERT INTO segments (shop_id, name, description, query, kpi, activation_channel, activation_plan, refresh_policy, status, created_at, updated_at) VALUES (?, 'Viewers', '', 'product_views >= 1', 'conversion_rate', 'email', 'x', 'live', 'active', ?, ?)").run(t.shop.id, NOW, NOW);
    t.app.segments.drain();
  });
  afterAll(async () => { await t?.stop(); });

  it('deletes each shop\'s events older than its retention in batches, and queues their shoppers for a recompute', () => {
    expect(traitsOf('ann')).toBe(4);
    const results = runRetention({ db: t.db, defaultDays: 365, batchSize: 2 }, NOW);
    expect(results).toEqual([
      { shopId: t.shop.id, cutoff: NOW - 365 * DAY, deleted: 3 },
      { shopId: otherShop, cutoff: NOW - 30 * DAY, deleted: 4 },
    ]);
    expect(events(t.shop.id)).toEqual([NOW - 100 * DAY, NOW - DAY]);
    expect(events(otherShop)).toEqual([NOW - 10 * DAY]);
    const queued = t.db.prepare('SELECT shop_id, count(*) AS n FROM segment_dirty_profiles GROUP BY shop_id ORDER BY shop_id').all();
    // ann in the demo shop; cy, di and ed in the other.
    expect(queued).toEqual([{ shop_id: t.shop.id, n: 1 }, { shop_id: otherShop, n: 3 }]);
    t.app.segments.drain();
    expect(traitsOf('ann')).toBe(1);
    expect(traitsOf('bob')).toBe(1);
    expect(runRetention({ db: t.db, defaultDays: 365 }, NOW)).toEqual([]);
  });
});
