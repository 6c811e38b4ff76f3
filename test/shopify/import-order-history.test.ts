import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeShopify, type FakeShopify } from '../fakes/shopify/start-fake-shopify.js';
import { fakeBulkOperations, type FakeBulkCustomer, type FakeBulkOrder } from '../fakes/shopify/fake-bulk-operations.js';
import { fixedClock } from '../../server/clock.js';
import { loadConfig } from '../../server/config.js';
import { signSessionToken } from '../../server/auth/sign-session-token.js';
import { createAccessTokenClient } from '../../server/shopify/create-access-token-client.js';
import { createAdminGraphqlClient } from '../../server/shopify/create-admin-graphql-client.js';
import { openDatabase, type Db } from '../../server/db/open-database.js';
import { createShopQueries, type ShopRow } from '../../server/db/shops.js';
import { createImportQueries } from '../../server/db/import-queries.js';
import { createOrderQueries } from '../../server/db/order-queries.js';
import { createCustomerQueries } from '../../server/db/customer-queries.js';
import { silentLogger } from '../../server/logger.js';
import { WEBHOOK_HANDLERS } from '../../server/webhooks/handlers/index.js';
import {
  orderImportProgress, resumeOrderHistoryImports, startOrderHistoryImport, type OrderImportDeps,
} from '../../server/shopify/import-order-history.js';

const SHOP = 'history-shop.myshopify.com';
const NOW = Date.parse('2026-11-28T12:00:00Z');
const DAY = 86_400_000;
const POLL_MS = 5000;
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
// Above 2^53: a JSON number would lose digits; the import must keep them exactly.
const orderGid = (i: number) => `gid://shopify/Order/${9_007_199_254_740_993n + BigInt(i)}`;
const customerGid = (c: number) => `gid://shopify/Customer/${7_007_199_254_740_993n + BigInt(c)}`;

/** An order as Admin GraphQL describes it, with two line items; every 10 orders share a customer. */
function order(i: number, createdAt: number, overrides: Partial<FakeBulkOrder> = {}): FakeBulkOrder {
  const money = (amount: string) => ({ shopMoney: { amount, currencyCode: 'EUR' } });
  return {
    id: orderGid(i), name: `#${1001 + i}`, email: `buyer${i % 10}@example.com`,
    createdAt: new Date(createdAt).toISOString(), updatedAt: new Date(createdAt + 60_000).toISOString(),
    cancelledAt: null, cancelReason: null, currencyCode: 'EUR', test: false, sourceName: 'web', displayFinancialStatus: 'PAID',
    cartToken: `cart-${i}`, checkoutToken: `ck-${i}`, discountCodes: ['WELCOME'], clientDetails: { userAgent: IPHONE },
    totalPriceSet: money('35.50'), subtotalPriceSet: money('30.00'),
    customer: { id: customerGid(i % 10), email: `Buyer${i % 10}@Example.com` },
    lineItems: [1, 2].map((n) => ({
      id: `gid://shopify/LineItem/${i * 10 + n}`, title: `Item ${n}`, quantity: n,
      variant: { id: `gid://shopify/ProductVariant/${500 + n}` }, product: { id: `gid://shopify/Product/${400 + n}` },
      originalUnitPriceSet: money('10.00'),
    })),
    ...overrides,
  };
}

const CUSTOMERS_UPDATED = NOW - 2 * DAY;
const CONSENT_STATES = ['SUBSCRIBED', 'NOT_SUBSCRIBED', 'UNSUBSCRIBED', 'PENDING'] as const;

/** Customer c as Admin GraphQL describes it: consent, tags and totals differ from one customer to the next. */
function customer(c: number, overrides: Partial<FakeBulkCustomer> = {}): FakeBulkCustomer {
  return {
    id: customerGid(c), email: `Buyer${c}@Example.com`,
    tags: c % 2 === 0 ? ['vip', `cohort-${c}`] : [],
    // UnsignedInt64: a string in GraphQL's JSON.
    numberOfOrders: String(c + 3), amountSpent: { amount: `${100 + c}.50`, currencyCode: 'EUR' },
    emailMarketingConsent: {
      marketingState: CONSENT_STATES[c % 4], marketingOptInLevel: c % 3 === 0 ? 'CONFIRMED_OPT_IN' : 'SINGLE_OPT_IN',
      consentUpdatedAt: c % 4 === 1 ? null : new Date(NOW - (10 + c) * DAY).toISOString(),
    },
    createdAt: new Date(NOW - 400 * DAY).toISOString(), updatedAt: new Date(CUSTOMERS_UPDATED).toISOString(),
    ...overrides,
  };
}

describe('order-history import (bulk operation → JSONL → orders and Order_Placed)', () => {
  const clock = fixedClock(NOW);
  let fake: FakeShopify;
  let bulk: ReturnType<typeof fakeBulkOperations>;
  let dir: string;
  let db: Db;
  let shop: ShopRow;
  let accessToken: string;
  let sleeps: number[];
  let onSleep: (ms: number) => void;

  const deps = (overrides: Partial<OrderImportDeps> = {}): OrderImportDeps => ({
    db, clock, logger: silentLogger, pollMs: POLL_MS, batchSize: 5,
    // Sleeping moves the shared clock, so the fake's bucket refills exactly as long as the import waited.
    sleep: async (ms) => { sleeps.push(ms); clock.advance(ms); onSleep(ms); },
    clientFor: (s) => createAdminGraphqlClient({
      config: { adminOrigin: fake.adminOrigin }, shop: s.domain, clock, accessToken: async () => accessToken,
      sleep: async (ms) => { sleeps.push(ms); clock.advance(ms); },
    }),
    ...overrides,
  });
  const count = (sql: string, ...params: unknown[]) => db.prepare(sql).pluck().get(...params) as number;
  const orderRows = () => count('SELECT count(*) FROM orders WHERE shop_id = ?', shop.id);
  const placedEvents = () => count("SELECT count(*) FROM events WHERE shop_id = ? AND name = 'Order_Placed'", shop.id);

  beforeEach(async () => {
    clock.set(NOW);
    sleeps = [];
    onSleep = () => {};
    fake = await startFakeShopify({ apiKey: 'k', apiSecret: 's', now: clock.now });
    bulk = fakeBulkOperations(fake.state);
    const config = loadConfig({ SHOPIFY_API_KEY: 'k', SHOPIFY_API_SECRET: 's', ENCRYPTION_KEY: '0f'.repeat(32), SHOPIFY_ADMIN_ORIGIN: fake.adminOrigin });
    const session = await createAccessTokenClient({ config, clock }).exchangeSessionToken(SHOP, signSessionToken('s', { shop: SHOP, apiKey: 'k' }));
    accessToken = session.accessToken ?? '';
    dir = mkdtempSync(join(tmpdir(), 'shopper-segments-import-'));
    db = openDatabase(join(dir, 'app.db'));
    shop = createShopQueries(db).ensure(SHOP, NOW - DAY);
  });
  afterEach(async () => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
    await fake.stop();
  });

  const seed = (n: number) => {
    const orders = Array.from({ length: n }, (_, i) => order(i, NOW - (59 - i * 2) * DAY));
    // Older than 60 days: outside what the bulk query asks for.
    bulk.seedOrders(SHOP, [...orders, order(900, NOW - 61 * DAY), order(901, NOW - 90 * DAY)]);
    return orders;
  };

  it('imports the last 60 days: N order rows and N Order_Placed joined to the buyers, progress done with counts', async () => {
    seed(25);
    const progress = await startOrderHistoryImport(deps(), shop);

    expect(progress).toEqual({ status: 'done', importedCount: 25, objectCount: 75 });
    expect(orderImportProgress(db, shop.id)).toEqual(progress);
    expect(orderRows()).toBe(25);
    expect(placedEvents()).toBe(25);
    // It polled once while RUNNING, then downloaded the file once.
    expect(sleeps).toContain(POLL_MS);
    expect(bulk.downloads()).toEqual([expect.objectContaining({ linesSent: 75, cut: false })]);

    // Stored exactly as orders/create stores it (handle-order.ts): exact big ids, REST-spelled fields.
    const first = createOrderQueries(db).get(shop.id, '9007199254740993')!;
    expect(first).toMatchObject({
      customerId: '7007199254740993', name: '#1001', orderNumber: 1001, currency: 'EUR', total: 35.5, subtotal: 30,
      itemCount: 3, sourceName: 'web', device: 'mobile', os: 'iOS', cartToken: 'cart-0', checkoutToken: 'ck-0',
      financialStatus: 'paid', test: false, createdAt: NOW - 59 * DAY, updatedAt: NOW - 59 * DAY + 60_000, cancelledAt: null,
    });
    expect(first.lineItems).toEqual([
      { productId: '401', variantId: '501', title: 'Item 1', quantity: 1, price: 10 },
      { productId: '402', variantId: '502', title: 'Item 2', quantity: 2, price: 10 },
    ]);

    // Each Order_Placed sits on the profile holding the buyer's customer id and (lower-cased) email.
    const placed = db.prepare(`SELECT e.profile_id AS profileId, e.properties, p.customer_id AS customerId FROM events e
      JOIN profiles p ON p.id = e.profile_id WHERE e.shop_id = ? AND e.name = 'Order_Placed'`).all(shop.id) as { profileId: number; properties: string; customerId: string }[];
    const ids = new Map((db.prepare("SELECT kind || ':' || value AS k, profile_id AS p FROM identifiers WHERE shop_id = ?").all(shop.id) as { k: string; p: number }[]).map((r) => [r.k, r.p]));
    for (const row of placed) {
      const { orderId } = JSON.parse(row.properties) as { orderId: string };
      const c = Number(BigInt(orderId) - 9_007_199_254_740_993n) % 10;
      expect(row.customerId).toBe(String(7_007_199_254_740_993n + BigInt(c)));
      expect(ids.get(`email:buyer${c}@example.com`)).toBe(row.profileId);
    }
    expect(new Set(placed.map((r) => r.profileId)).size).toBe(10);
    // First orders of each customer are marked so; the repeat purchases are not.
    expect(count("SELECT count(*) FROM events WHERE shop_id = ? AND name = 'Order_Placed' AND json_extract(properties, '$.isFirstOrder') = 1", shop.id)).toBe(10);
    // Nothing of the signed file URL is kept once done.
    expect(createImportQueries(db).latestOfShop(shop.id)).toMatchObject({ url: null, error: null, linesDone: 75 });
  });

  const customerRows = () => db.prepare(`SELECT customer_id AS customerId, profile_id AS profileId, email_consent_state AS state,
      email_consent_opt_in_level AS optInLevel, email_consent_updated_at AS consentUpdatedAt, tags, orders_count AS ordersCount,
      total_spent AS totalSpent, updated_at AS updatedAt FROM customers WHERE shop_id = ? ORDER BY customer_id`).all(shop.id);

  it('stores the customers behind the orders as customers/update would: one row per buyer with consent, tags and totals', async () => {
    seed(25);
    bulk.seedCustomers(SHOP, Array.from({ length: 10 }, (_, c) => customer(c)));
    expect(await startOrderHistoryImport(deps(), shop)).toEqual({ status: 'done', importedCount: 25, objectCount: 75 });

    expect(customerRows()).toEqual(Array.from({ length: 10 }, (_, c) => ({
      customerId: String(7_007_199_254_740_993n + BigInt(c)),
      // The profile of the buyer's orders: the customer joined the same profile, not a new one.
      profileId: createOrderQueries(db).get(shop.id, String(9_007_199_254_740_993n + BigInt(c)))!.profileId,
      state: CONSENT_STATES[c % 4]!.toLowerCase(),
      optInLevel: c % 3 === 0 ? 'confirmed_opt_in' : 'single_opt_in',
      // Consent never changed: dated by the customer's updatedAt, as the webhook path dates it.
      consentUpdatedAt: c % 4 === 1 ? CUSTOMERS_UPDATED : NOW - (10 + c) * DAY,
      tags: c % 2 === 0 ? `vip, cohort-${c}` : '',
      ordersCount: c + 3, totalSpent: 100.5 + c, updatedAt: CUSTOMERS_UPDATED,
    })));
    expect(count('SELECT count(DISTINCT profile_id) FROM customers WHERE shop_id = ?', shop.id)).toBe(10);
    // Emails stay in identifiers only.
    expect(JSON.stringify(db.prepare('SELECT * FROM customers').all())).not.toMatch(/@/);
    // Customers add no events.
    expect(count('SELECT count(*) FROM events WHERE shop_id = ?', shop.id)).toBe(25);
  });

  it('never overwrites a newer customers/update with the import\'s older copy, and keeps orders whose customer is unreadable', async () => {
    seed(12);
    bulk.seedCustomers(SHOP, [
      ...Array.from({ length: 10 }, (_, c) => customer(c)),
      // No updatedAt: the import cannot date it, so it does not store it (its orders still import).
      customer(9, { updatedAt: undefined }),
    ]);
    const update = (payload: Record<string, unknown>) => db.transaction(() => WEBHOOK_HANDLERS['customers/update']!({
      topic: 'customers/update', shopId: shop.id, shopDomain: SHOP, payload, triggeredAt: null, eventId: randomUUID(),
    }, { db, clock, logger: silentLogger }))();
    // Customer 0 changed after the export's copy (tags, totals and consent); customer 1 before it.
    update({
      id: 7007199254740993, admin_graphql_api_id: customerGid(0), email: 'buyer0@example.com', tags: 'newer', orders_count: 9,
      total_spent: '999.00', updated_at: new Date(NOW - DAY).toISOString(),
      email_marketing_consent: { state: 'unsubscribed', opt_in_level: 'single_opt_in', consent_updated_at: new Date(NOW - DAY).toISOString() },
    });
    update({ id: 7007199254740994, admin_graphql_api_id: customerGid(1), tags: 'older', orders_count: 1, updated_at: new Date(NOW - 30 * DAY).toISOString() });

    expect(await startOrderHistoryImport(deps(), shop)).toEqual({ status: 'done', importedCount: 12, objectCount: 36 });
    const customers = createCustomerQueries(db);
    expect(customers.get(shop.id, '7007199254740993')).toMatchObject({
      tags: 'newer', ordersCount: 9, totalSpent: 999, updatedAt: NOW - DAY,
      emailConsentState: 'unsubscribed', emailConsentOptInLevel: 'single_opt_in', emailConsentUpdatedAt: NOW - DAY,
    });
    expect(customers.get(shop.id, '7007199254740994')).toMatchObject({
      tags: '', ordersCount: 4, totalSpent: 101.5, updatedAt: CUSTOMERS_UPDATED, emailConsentState: 'not_subscribed',
    });
    expect(customers.get(shop.id, String(7_007_199_254_740_993n + 9n))).toBeUndefined();
    expect(createOrderQueries(db).get(shop.id, String(9_007_199_254_740_993n + 9n))).toMatchObject({ customerId: String(7_007_199_254_740_993n + 9n) });
    expect(orderRows()).toBe(12);
    expect(count('SELECT count(*) FROM customers WHERE shop_id = ?', shop.id)).toBe(9);
  });

  it('resumes an import whose download broke mid-way, in a new process, ending with exactly N orders and N Order_Placed', async () => {
    seed(25);
    bulk.cutNextDownloadAfter(40);
    const interrupted = await startOrderHistoryImport(deps(), shop);

    // Lines 1..39 hold orders 0..12; batches of 5 committed 10 of them before the connection dropped.
    expect(interrupted).toEqual({ status: 'downloading', importedCount: 10, objectCount: 75 });
    const row = createImportQueries(db).latestOfShop(shop.id)!;
    expect(row).toMatchObject({ linesDone: 30, error: expect.stringMatching(/^the bulk file stopped after line \d+ \(.+\); resuming after line 30$/) });
    expect(orderRows()).toBe(10);
    expect(placedEvents()).toBe(10);

    // A restart: a new database handle on the same file, then resume at process start.
    db.close();
    db = openDatabase(join(dir, 'app.db'));
    const [resumed] = await resumeOrderHistoryImports(deps());
    expect(resumed).toEqual({ status: 'done', importedCount: 25, objectCount: 75 });
    expect(orderRows()).toBe(25);
    expect(placedEvents()).toBe(25);
    expect(count('SELECT count(*) FROM events WHERE shop_id = ?', shop.id)).toBe(25);
    expect(bulk.downloads().map((d) => d.cut)).toEqual([true, false]);
    // Done: a later start (another admin load) does not import again.
    await startOrderHistoryImport(deps(), shop);
    expect(bulk.downloads()).toHaveLength(2);
  });

  it('stops between batches once the app is uninstalled, and a reinstall finishes it without duplicates', async () => {
    seed(25);
    const shops = createShopQueries(db);
    // The file arrives line by line; the merchant uninstalls while line 20 is being read (once).
    let uninstalled = false;
    const lineByLine: typeof fetch = async (url) => {
      const text = await (await fetch(url)).text();
      const lines = text.split('\n').filter((l) => l !== '');
      let i = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (i === 20 && !uninstalled) {
            uninstalled = true;
            shops.markUninstalled(shop.id, clock.now());
          }
          if (i < lines.length) controller.enqueue(new TextEncoder().encode(`${lines[i++]}\n`));
          else controller.close();
        },
      });
      return new Response(body, { status: 200 });
    };
    const stopped = await startOrderHistoryImport(deps({ fetch: lineByLine }), shop);
    expect(stopped.status).not.toBe('done');
    const row = createImportQueries(db).latestOfShop(shop.id)!;
    expect(row.error).toMatch(/^the app was uninstalled; the import resumes after line \d+ on a reinstall$/);
    expect(orderRows()).toBeLessThan(25);
    expect(orderRows()).toBe(row.importedCount);

    db.prepare('UPDATE shops SET uninstalled_at = NULL WHERE id = ?').run(shop.id);
    const finished = await startOrderHistoryImport(deps({ fetch: lineByLine }), shop);
    expect(finished).toEqual({ status: 'done', importedCount: 25, objectCount: 75 });
    expect(orderRows()).toBe(25);
    expect(placedEvents()).toBe(25);
  });

  it('reading the whole file again (progress lost) duplicates nothing: the order path is idempotent', async () => {
    seed(12);
    await startOrderHistoryImport(deps(), shop);
    db.prepare("UPDATE imports SET status = 'downloading', lines_done = 0, imported_count = 0 WHERE shop_id = ?").run(shop.id);
    // The fake serves the finished operation's file again (Shopify keeps it for 7 days).
    const operationNumber = /\d+$/.exec(createImportQueries(db).latestOfShop(shop.id)!.bulkOperationId!)![0];
    db.prepare('UPDATE imports SET url = ? WHERE shop_id = ?').run(`${fake.adminOrigin.replace('{shop}', SHOP)}/__bulk/${operationNumber}.jsonl`, shop.id);
    const again = await resumeOrderHistoryImports(deps());
    expect(again).toEqual([{ status: 'done', importedCount: 12, objectCount: 36 }]);
    expect(orderRows()).toBe(12);
    expect(placedEvents()).toBe(12);
  });

  it('waits out a THROTTLED answer while polling the bulk operation', async () => {
    seed(3);
    onSleep = (ms) => { if (ms === POLL_MS) fake.setBucket(SHOP, 0); };
    const progress = await startOrderHistoryImport(deps(), shop);
    expect(progress.status).toBe('done');
    // After the poll wait the bucket was empty: currentBulkOperation (cost 1 at 100 points/s) waited 10 ms, then succeeded.
    expect(sleeps).toEqual([POLL_MS, 10]);
    expect(orderRows()).toBe(3);
  });

  it('marks the import failed with Shopify\'s error code when the bulk operation fails', async () => {
    seed(3);
    bulk.failNextOperation('ACCESS_DENIED');
    const progress = await startOrderHistoryImport(deps(), shop);
    expect(progress).toEqual({ status: 'failed', importedCount: 0, objectCount: null });
    expect(createImportQueries(db).latestOfShop(shop.id)!.error).toBe('bulk operation failed: ACCESS_DENIED');
    expect(orderRows()).toBe(0);
    // A later start tries again with a new import.
    const retried = await startOrderHistoryImport(deps(), shop);
    expect(retried).toEqual({ status: 'done', importedCount: 3, objectCount: 9 });
  });

  it('finishes with nothing to import when the shop has no order in 60 days (no result file)', async () => {
    bulk.seedOrders(SHOP, [order(1, NOW - 70 * DAY)]);
    expect(await startOrderHistoryImport(deps(), shop)).toEqual({ status: 'done', importedCount: 0, objectCount: null });
    expect(orderRows()).toBe(0);
  });

  describe('bulk_operations/finish webhook', () => {
    const deliver = (payload: Record<string, unknown>) => db.transaction(() => WEBHOOK_HANDLERS['bulk_operations/finish']!({
      topic: 'bulk_operations/finish', shopId: shop.id, shopDomain: SHOP, payload, triggeredAt: null, eventId: randomUUID(),
    }, { db, clock, logger: silentLogger }))();

    it('wakes the import waiting between polls, which then downloads the file', async () => {
      seed(4);
      // Polls an hour apart, with a sleep that never ends by itself: only the webhook can move the import on.
      let waiting!: () => void;
      const polling = new Promise<void>((resolve) => { waiting = resolve; });
      const run = startOrderHistoryImport(deps({ pollMs: 3_600_000, sleep: () => { waiting(); return new Promise(() => {}); } }), shop);
      await polling;
      const operationId = bulk.finishCurrent(SHOP)!;
      deliver({ admin_graphql_api_id: operationId, status: 'completed', type: 'query', error_code: null });
      expect(await run).toEqual({ status: 'done', importedCount: 4, objectCount: 12 });
    });

    it('marks the import failed at once when the operation failed, and ignores operations that are not an import', () => {
      const row = createImportQueries(db).create(shop.id, NOW - 60 * DAY, NOW);
      createImportQueries(db).markRunning(row.id, 'gid://shopify/BulkOperation/77', NOW);
      deliver({ admin_graphql_api_id: 'gid://shopify/BulkOperation/78', status: 'failed', type: 'query', error_code: 'timeout' });
      expect(createImportQueries(db).get(row.id)!.status).toBe('running');
      deliver({ admin_graphql_api_id: 'gid://shopify/BulkOperation/77', status: 'failed', type: 'query', error_code: 'internal_server_error' });
      deliver({ admin_graphql_api_id: 'gid://shopify/BulkOperation/77', status: 'failed', type: 'query', error_code: 'internal_server_error' });
      expect(createImportQueries(db).get(row.id)).toMatchObject({ status: 'failed', error: 'bulk operation failed: INTERNAL_SERVER_ERROR' });
    });
  });
});
