import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createComplianceQueries } from '../../server/db/compliance-queries.js';
import { handleCustomerDataRequest } from '../../server/compliance/handle-customer-data-request.js';
import type { CustomerExport } from '../../server/compliance/build-customer-export.js';
import { openHandlerTestDb, type HandlerTestDb } from '../webhooks/handlers/handler-test-kit.js';
import { addShopper, complianceSample, computeSegments, JOHN, MARY } from './compliance-world.js';

describe('customers/data_request', () => {
  let t: HandlerTestDb;
  beforeEach(() => {
    t = openHandlerTestDb();
    addShopper(t, JOHN);
    addShopper(t, MARY);
    computeSegments(t);
  });
  afterEach(() => t.close());

  it('stores a complete JSON export of the customer for the merchant, and records the request', () => {
    t.deliver(handleCustomerDataRequest, 'customers/data_request', complianceSample('customers-data_request', t.shop), { eventId: 'dr-1', triggeredAt: 1_000 });

    const request = t.db.prepare('SELECT * FROM compliance_requests').get() as Record<string, unknown>;
    expect(request).toMatchObject({ shop_domain: t.shop.domain, kind: 'customers/data_request', webhook_event_id: 'dr-1', shopify_request_id: '9999', requested_at: 1_000 });
    const stored = createComplianceQueries(t.db).getExport(t.shop.id, request.id as number)!;
    expect(stored.customerId).toBe(JOHN.customerId);
    const doc = JSON.parse(stored.export) as CustomerExport;
    expect(doc).toMatchObject({ format: 'shopper-segments/customer-export@1', customerId: JOHN.customerId, shopifyRequestId: '9999' });

    const { data } = doc;
    expect(data.identifiers!.map((i) => `${i.kind}:${i.value}`).sort()).toEqual([
      `cart:${JOHN.cart}`, `checkout:${JOHN.checkout}`, `customer:${JOHN.customerId}`, `email:${JOHN.email}`,
      `visitor:${JOHN.visitors[1]}`, `visitor:${JOHN.visitors[0]}`,
    ]);
    expect(data.events!.map((e) => e.name).sort()).toEqual(['Customer_Identified', 'Order_Placed', 'Page_Viewed', 'Product_Viewed']);
    const placed = data.events!.find((e) => e.name === 'Order_Placed')!;
    expect(placed.properties).toMatchObject({ orderId: JOHN.orderId, currency: 'USD' });
    expect(data.orders!.map((o) => o.order_id)).toEqual([JOHN.orderId]);
    expect(Array.isArray(data.orders![0]!.line_items)).toBe(true);
    expect(data.checkouts!.map((c) => c.token)).toEqual([JOHN.checkout]);
    expect(data.customers).toEqual([expect.objectContaining({ customer_id: JOHN.customerId, email_consent_state: 'subscribed', tags: 'vip' })]);
    expect(data.profiles).toHaveLength(1);
    // The laptop's anonymous profile merged in by email: the merge is part of the history.
    expect(data.profile_merges).toHaveLength(1);
    // Nothing of Mary.
    expect(stored.export).not.toContain(MARY.email);
    expect(stored.export).not.toContain(MARY.orderId);
    expect(stored.export).not.toContain(MARY.visitors[0]);

    // The record itself holds counts only.
    expect(JSON.parse(request.counts as string)).toEqual({
      events: 4, identifiers: 6, orders: 1, checkouts: 1, customers: 1, profile_merges: 1, profiles: 1,
      profile_traits: 1, segment_members: 1, segment_membership_log: 1,
    });
    expect(JSON.stringify(request)).not.toMatch(/john|191167/);
  });

  it('a redelivered request is not exported twice', () => {
    const payload = complianceSample('customers-data_request', t.shop);
    t.deliver(handleCustomerDataRequest, 'customers/data_request', payload, { eventId: 'dr-1' });
    t.deliver(handleCustomerDataRequest, 'customers/data_request', payload, { eventId: 'dr-1' });
    expect(t.count('SELECT COUNT(*) FROM compliance_requests')).toBe(1);
    expect(t.count('SELECT COUNT(*) FROM compliance_exports')).toBe(1);
  });

  it('includes the orders Shopify names in orders_requested', () => {
    const payload = { ...complianceSample('customers-data_request', t.shop), customer: { id: 424242 }, orders_requested: [Number(MARY.orderId)] };
    t.deliver(handleCustomerDataRequest, 'customers/data_request', payload);
    const doc = JSON.parse(t.db.prepare('SELECT export FROM compliance_exports').pluck().get() as string) as CustomerExport;
    expect(doc.data.orders!.map((o) => o.order_id)).toEqual([MARY.orderId]);
    expect(doc.data.events).toEqual([]);
  });

  it('a customer the shop never saw gets an empty export, still recorded', () => {
    const payload = { ...complianceSample('customers-data_request', t.shop), customer: { id: 424242, email: 'nobody@example.net' }, orders_requested: [] };
    t.deliver(handleCustomerDataRequest, 'customers/data_request', payload);
    const doc = JSON.parse(t.db.prepare('SELECT export FROM compliance_exports').pluck().get() as string) as CustomerExport;
    expect(Object.values(doc.data).every((rows) => rows.length === 0)).toBe(true);
  });
});
