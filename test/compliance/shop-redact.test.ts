import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createShopQueries, type ShopRow } from '../../server/db/shops.js';
import { createWebhookQueries } from '../../server/db/webhook-queries.js';
import { createWebhookRunner } from '../../server/webhooks/create-webhook-runner.js';
import { WEBHOOK_HANDLERS } from '../../server/webhooks/handlers/index.js';
import { silentLogger } from '../../server/logger.js';
import { everyCell, NOW, openHandlerTestDb, type HandlerTestDb } from '../webhooks/handlers/handler-test-kit.js';
import { addShopper, complianceSample, computeSegments, JOHN, MARY } from './compliance-world.js';

describe('shop/redact', () => {
  let t: HandlerTestDb;
  let other: ShopRow;
  beforeEach(() => {
    t = openHandlerTestDb();
    other = createShopQueries(t.db).ensure('other-shop.myshopify.com', NOW);
    addShopper(t, JOHN);
    addShopper(t, MARY, other);
    computeSegments(t, [t.shop, other]);
  });
  afterEach(() => t.close());

  /** Rows naming the shop in any table: its id in a shop_id column, its domain anywhere but the compliance record. */
  const rowsOf = (shop: ShopRow) => everyCell(t.db).filter(({ table, column, value }) =>
    (column === 'shop_id' && value === shop.id) || (table === 'shops' && column === 'id' && value === shop.id)
    || (table !== 'compliance_requests' && typeof value === 'string' && value.includes(shop.domain)));

  it('through the job runner: deletes every row of the shop in every table, keeps the other shop, records it', () => {
    const jobs = createWebhookQueries(t.db);
    const accept = (topic: string, eventId: string, payload: unknown) => jobs.accept({
      shopId: t.shop.id, topic, eventId, webhookId: null, apiVersion: '2026-10', triggeredAt: NOW, payload: JSON.stringify(payload), receivedAt: NOW,
    });
    accept('shop/redact', 'shop-redact-1', complianceSample('shop-redact', t.shop));
    const otherBefore = rowsOf(other);
    expect(rowsOf(t.shop).length).toBeGreaterThan(15);

    const runner = createWebhookRunner({ db: t.db, clock: t.clock, logger: silentLogger, handlers: WEBHOOK_HANDLERS });
    expect(runner.runDue()).toBe(1);

    expect(rowsOf(t.shop)).toEqual([]);
    expect(rowsOf(other)).toEqual(otherBefore);
    expect(createShopQueries(t.db).byDomain(t.shop.domain)).toBeUndefined();
    const record = t.db.prepare('SELECT * FROM compliance_requests').get() as Record<string, unknown>;
    expect(record).toMatchObject({ shop_domain: t.shop.domain, kind: 'shop/redact', webhook_event_id: 'shop-redact-1' });
    expect(JSON.parse(record.counts as string)).toMatchObject({ events: 4, orders: 1, checkouts: 1, customers: 1, sessions: 1, shops: 1, jobs: 1 });
  });

  it('called directly, twice: the second finds the record and does nothing', () => {
    const handleShopRedact = WEBHOOK_HANDLERS['shop/redact']!;
    t.deliver(handleShopRedact, 'shop/redact', complianceSample('shop-redact', t.shop), { eventId: 'r1' });
    t.deliver(handleShopRedact, 'shop/redact', complianceSample('shop-redact', t.shop), { eventId: 'r1' });
    expect(rowsOf(t.shop)).toEqual([]);
    expect(t.count('SELECT COUNT(*) FROM compliance_requests')).toBe(1);
  });
});
