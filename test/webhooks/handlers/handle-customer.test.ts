import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCustomerQueries } from '../../../server/db/customer-queries.js';
import { handleCustomer } from '../../../server/webhooks/handlers/handle-customer.js';
import { handleEmailConsent } from '../../../server/webhooks/handlers/handle-email-consent.js';
import { loadSample, openHandlerTestDb, type HandlerTestDb } from './handler-test-kit.js';

const CUSTOMER_ID = '706405506930370084';
const T0 = Date.parse('2021-12-31T19:00:00-05:00');
const at = (ms: number) => new Date(ms).toISOString();
const consent = (state: string, ms: number | null, level = 'single_opt_in') =>
  ({ state, opt_in_level: level, consent_updated_at: ms === null ? null : at(ms) });

describe('customers/create, customers/update', () => {
  let t: HandlerTestDb;
  beforeEach(() => { t = openHandlerTestDb(); });
  afterEach(() => t.close());
  const customer = () => createCustomerQueries(t.db).get(t.shop.id, CUSTOMER_ID);

  it('stores the slim (2025-01+) payload and links the customer id and the email in one profile', () => {
    t.deliver(handleCustomer, 'customers/create', loadSample('customers-create'));
    const row = customer()!;
    expect(row).toMatchObject({ customerId: CUSTOMER_ID, updatedAt: T0, tags: null, emailConsentState: null });
    expect(t.db.prepare('SELECT kind || \':\' || value FROM identifiers WHERE profile_id = ? ORDER BY kind').pluck().all(row.profileId))
      .toEqual([`customer:${CUSTOMER_ID}`, 'email:bob@biller.com']);
    expect(t.db.prepare('SELECT customer_id FROM profiles WHERE id = ?').pluck().get(row.profileId)).toBe(CUSTOMER_ID);
    expect(JSON.stringify(t.db.prepare('SELECT * FROM customers').all())).not.toMatch(/Bob|Biller|ice cream|O'Connor|@/);
  });

  it('keeps tags and consent from a 2024-10 payload; an older update changes nothing', () => {
    const sample = loadSample('customers-update');
    t.deliver(handleCustomer, 'customers/update', {
      ...sample, updated_at: at(T0 + 60_000), tags: 'vip, wholesale', orders_count: 3, total_spent: '250.00',
      email_marketing_consent: consent('SUBSCRIBED', T0 + 50_000, 'CONFIRMED_OPT_IN'),
    });
    t.deliver(handleCustomer, 'customers/update', { ...sample, updated_at: at(T0 + 30_000), tags: 'old' });
    expect(customer()).toMatchObject({
      tags: 'vip, wholesale', ordersCount: 3, totalSpent: 250, updatedAt: T0 + 60_000,
      emailConsentState: 'subscribed', emailConsentOptInLevel: 'confirmed_opt_in', emailConsentUpdatedAt: T0 + 50_000,
    });
    // A newer slim payload keeps what it does not carry.
    t.deliver(handleCustomer, 'customers/update', { ...sample, updated_at: at(T0 + 90_000) });
    expect(customer()).toMatchObject({ tags: 'vip, wholesale', ordersCount: 3, updatedAt: T0 + 90_000, emailConsentState: 'subscribed' });
  });
});

describe('customers_email_marketing_consent/update', () => {
  let t: HandlerTestDb;
  beforeEach(() => { t = openHandlerTestDb(); });
  afterEach(() => t.close());
  const customer = () => createCustomerQueries(t.db).get(t.shop.id, CUSTOMER_ID);
  // Shopify's documented shape; there is no published sample file for this topic.
  const payload = (state: string, ms: number | null) => ({ customer_id: CUSTOMER_ID, email_address: 'Bob@Biller.com ', email_marketing_consent: consent(state, ms) });

  it('sets the consent of a customer it has not seen, and links the email', () => {
    t.deliver(handleEmailConsent, 'customers_email_marketing_consent/update', payload('subscribed', T0));
    expect(customer()).toMatchObject({ emailConsentState: 'subscribed', emailConsentOptInLevel: 'single_opt_in', emailConsentUpdatedAt: T0, updatedAt: null });
    expect(t.db.prepare("SELECT value FROM identifiers WHERE kind = 'email'").pluck().all()).toEqual(['bob@biller.com']);
  });

  it('an older consent never overwrites a newer one, whatever order they arrive in', () => {
    t.deliver(handleEmailConsent, 'customers_email_marketing_consent/update', payload('unsubscribed', T0 + 60_000));
    t.deliver(handleEmailConsent, 'customers_email_marketing_consent/update', payload('subscribed', T0));
    expect(customer()).toMatchObject({ emailConsentState: 'unsubscribed', emailConsentUpdatedAt: T0 + 60_000 });
    t.deliver(handleEmailConsent, 'customers_email_marketing_consent/update', payload('subscribed', T0 + 120_000));
    expect(customer()).toMatchObject({ emailConsentState: 'subscribed', emailConsentUpdatedAt: T0 + 120_000 });
  });

  it('only the consent changes: the customer fields stay, and an older customers/update cannot undo consent', () => {
    t.deliver(handleCustomer, 'customers/update', { ...loadSample('customers-update'), tags: 'vip', updated_at: at(T0) });
    t.deliver(handleEmailConsent, 'customers_email_marketing_consent/update', payload('unsubscribed', T0 + 60_000));
    t.deliver(handleCustomer, 'customers/update', {
      ...loadSample('customers-update'), tags: 'vip', updated_at: at(T0 + 90_000), email_marketing_consent: consent('subscribed', T0 + 10_000),
    });
    expect(customer()).toMatchObject({ tags: 'vip', updatedAt: T0 + 90_000, emailConsentState: 'unsubscribed', emailConsentUpdatedAt: T0 + 60_000 });
  });

  it('without consent_updated_at, the delivery time decides', () => {
    t.deliver(handleEmailConsent, 'customers_email_marketing_consent/update', payload('subscribed', null), { triggeredAt: T0 + 5_000 });
    t.deliver(handleEmailConsent, 'customers_email_marketing_consent/update', payload('not_subscribed', null), { triggeredAt: T0 + 1_000 });
    expect(customer()).toMatchObject({ emailConsentState: 'subscribed', emailConsentUpdatedAt: T0 + 5_000 });
  });
});
