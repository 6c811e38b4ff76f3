import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handleCustomerDataRequest } from '../../server/compliance/handle-customer-data-request.js';
import { handleCustomerRedact } from '../../server/compliance/handle-customer-redact.js';
import { createWebhookQueries } from '../../server/db/webhook-queries.js';
import { everyCell, loadSample, openHandlerTestDb, type HandlerTestDb } from '../webhooks/handlers/handler-test-kit.js';
import { addShopper, complianceSample, computeSegments, JOHN, MARY, type Shopper } from './compliance-world.js';

/** Columns that hold a profile id, in whichever table. */
const PROFILE_COLUMNS = /^(profile_id|winner_id|loser_id)$/;

/** Every cell in the database that names the shopper: ids, email, tokens, profiles (current and merged away). */
function traces(t: HandlerTestDb, s: Shopper, profileIds: ReadonlySet<number>): string[] {
  const values = [s.customerId, s.email, s.orderId, s.cart, s.checkout, ...s.visitors];
  return everyCell(t.db).flatMap(({ table, column, value }) => {
    const where = `${table}.${column}`;
    if (typeof value === 'string' && values.some((v) => value.includes(v))) return [`${where} = ${value}`];
    if (typeof value === 'number' && (PROFILE_COLUMNS.test(column) || (table === 'profiles' && column === 'id')) && profileIds.has(value)) return [`${where} = ${value}`];
    return [];
  });
}

/** Profile ids the shopper ever had: the ones holding their identifiers now, and those merged into them. */
function profilesOf(t: HandlerTestDb, s: Shopper): Set<number> {
  const current = t.db.prepare(`SELECT DISTINCT profile_id FROM identifiers WHERE value IN (${[s.customerId, s.email, ...s.visitors].map(() => '?').join(', ')})`)
    .pluck().all(s.customerId, s.email, ...s.visitors) as number[];
  const merged = t.db.prepare(`SELECT loser_id FROM profile_merges WHERE winner_id IN (${current.map(() => '?').join(', ')})`).pluck().all(...current) as number[];
  return new Set([...current, ...merged]);
}

/** A webhook accepted but not processed yet: its job holds the raw payload. Returns the job id. */
function queueWebhook(t: HandlerTestDb, topic: string, payload: string): number {
  const eventId = `queued-${Math.random().toString(36).slice(2)}`;
  createWebhookQueries(t.db).accept({ shopId: t.shop.id, topic, eventId, webhookId: null, apiVersion: '2026-07', triggeredAt: null, payload, receivedAt: t.clock.now() });
  return t.db.prepare('SELECT id FROM jobs WHERE event_id = ?').pluck().get(eventId) as number;
}

/** An orders/updated payload for the shopper, with the customer id written as Shopify writes it (a bare number). */
function orderPayloadOf(s: Shopper, email = s.email): string {
  const sample = { ...loadSample('orders-updated'), id: Number(s.orderId), email, contact_email: email, customer: { id: 0, email } };
  return JSON.stringify(sample).replace('"customer":{"id":0', `"customer":{"id":${s.customerId}`);
}

describe('customers/redact', () => {
  let t: HandlerTestDb;
  beforeEach(() => {
    t = openHandlerTestDb();
    addShopper(t, JOHN);
    addShopper(t, MARY);
    computeSegments(t);
    t.deliver(handleCustomerDataRequest, 'customers/data_request', complianceSample('customers-data_request', t.shop));
  });
  afterEach(() => t.close());

  it('leaves no row about the customer in any table, and every row of another customer', () => {
    const johnProfiles = profilesOf(t, JOHN);
    const maryProfiles = profilesOf(t, MARY);
    expect(johnProfiles.size).toBe(2);
    expect(traces(t, JOHN, johnProfiles).length).toBeGreaterThan(20);
    // Webhooks about John still waiting in the job table: queued, failed, and one naming him by email only (other case).
    const queued = queueWebhook(t, 'orders/updated', orderPayloadOf(JOHN));
    const failed = queueWebhook(t, 'customers/update', JSON.stringify({ id: 1, email: 'John@Example.COM', tags: '' }).replace('"id":1', `"id":${JOHN.customerId}`));
    t.db.prepare("UPDATE jobs SET status = 'failed', last_error = 'Error' WHERE id = ?").run(failed);
    const byEmailOnly = queueWebhook(t, 'checkouts/update', JSON.stringify({ token: 'abc', email: 'JOHN@example.com', customer: null }));
    const marys = queueWebhook(t, 'orders/updated', orderPayloadOf(MARY));
    expect(traces(t, JOHN, johnProfiles).filter((x) => x.startsWith('jobs.payload'))).toHaveLength(2);
    const maryBefore = traces(t, MARY, maryProfiles);

    t.deliver(handleCustomerRedact, 'customers/redact', complianceSample('customers-redact', t.shop), { eventId: 'redact-1' });

    expect(traces(t, JOHN, johnProfiles)).toEqual([]);
    expect(traces(t, MARY, maryProfiles)).toEqual(maryBefore);
    const jobsLeft = t.db.prepare('SELECT id FROM jobs ORDER BY id').pluck().all();
    expect(jobsLeft).toEqual([marys]);
    expect(jobsLeft).not.toContain(queued);
    expect(jobsLeft).not.toContain(byEmailOnly);
    // The deliveries stay (no personal data): a redelivery of John's webhook is still a duplicate, not new work.
    expect(t.count('SELECT COUNT(*) FROM webhook_deliveries WHERE shop_id = ?', t.shop.id)).toBe(4);
    const record = t.db.prepare("SELECT counts FROM compliance_requests WHERE kind = 'customers/redact'").pluck().get() as string;
    expect(JSON.parse(record)).toMatchObject({ jobs: 3 });
    expect(t.count('SELECT COUNT(*) FROM events WHERE shop_id = ?', t.shop.id)).toBe(2);
    expect(t.count('SELECT COUNT(*) FROM compliance_exports')).toBe(0);
  });

  it('records that it happened, with counts and no personal data; a redelivery changes nothing', () => {
    t.deliver(handleCustomerRedact, 'customers/redact', complianceSample('customers-redact', t.shop), { eventId: 'redact-1' });
    const snapshot = JSON.stringify(everyCell(t.db));
    t.deliver(handleCustomerRedact, 'customers/redact', complianceSample('customers-redact', t.shop), { eventId: 'redact-1' });
    expect(JSON.stringify(everyCell(t.db))).toBe(snapshot);

    const record = t.db.prepare("SELECT * FROM compliance_requests WHERE kind = 'customers/redact'").get() as Record<string, unknown>;
    expect(JSON.parse(record.counts as string)).toEqual({
      events: 4, identifiers: 6, orders: 1, checkouts: 1, customers: 1, profile_merges: 1, compliance_exports: 1, profiles: 1, jobs: 0,
      profile_traits: 1, segment_members: 1, segment_membership_log: 1, segment_dirty_profiles: 0,
      destination_members: 0, sync_outbox: 0,
    });
    expect(JSON.stringify(record)).not.toMatch(/john|191167|299938/);
  });

  it('deletes an order Shopify names even when nothing else links it to the customer', () => {
    t.db.prepare(`INSERT INTO orders (shop_id, order_id, created_at, updated_at, received_at) VALUES (?, '280263', 1, 1, 1)`).run(t.shop.id);
    t.deliver(handleCustomerRedact, 'customers/redact', complianceSample('customers-redact', t.shop));
    expect(t.count("SELECT COUNT(*) FROM orders WHERE order_id = '280263'")).toBe(0);
  });
});
