import { describe, expect, it } from 'vitest';
import { bulkCustomer, graphqlCustomerToCustomerPayload } from '../../server/shopify/graphql-customer-to-customer-payload.js';

const GID = 'gid://shopify/Customer/7007199254740993123';

describe('graphqlCustomerToCustomerPayload', () => {
  it('spells a bulk-exported customer as the 2024-10 customers/update payload', () => {
    const line = bulkCustomer.parse({
      id: GID, email: 'Buyer@Example.com', tags: ['vip', 'wholesale'], numberOfOrders: '12',
      amountSpent: { amount: '1234.50', currencyCode: 'EUR' },
      emailMarketingConsent: { marketingState: 'NOT_SUBSCRIBED', marketingOptInLevel: 'SINGLE_OPT_IN', consentUpdatedAt: '2026-10-01T10:00:00Z' },
      createdAt: '2025-01-02T03:04:05Z', updatedAt: '2026-11-01T00:00:00Z',
      // Not asked for, and dropped if present.
      firstName: 'Bob', defaultAddress: { address1: '1 Main St' },
    });
    expect(graphqlCustomerToCustomerPayload(line)).toEqual({
      id: GID, admin_graphql_api_id: GID, email: 'Buyer@Example.com', tags: 'vip, wholesale', orders_count: 12,
      total_spent: '1234.50', created_at: '2025-01-02T03:04:05Z', updated_at: '2026-11-01T00:00:00Z',
      email_marketing_consent: { state: 'not_subscribed', opt_in_level: 'single_opt_in', consent_updated_at: '2026-10-01T10:00:00Z' },
    });
  });

  it('keeps absent fields null, so the stored values stay (as with a slim webhook payload)', () => {
    const line = bulkCustomer.parse({ id: GID, updatedAt: '2026-11-01T00:00:00Z', tags: [], numberOfOrders: 0, emailMarketingConsent: null });
    expect(graphqlCustomerToCustomerPayload(line)).toEqual({
      id: GID, admin_graphql_api_id: GID, email: null, tags: '', orders_count: 0, total_spent: null,
      created_at: null, updated_at: '2026-11-01T00:00:00Z', email_marketing_consent: null,
    });
  });

  it('refuses a customer it could not date or whose fields are out of bounds', () => {
    expect(bulkCustomer.safeParse({ id: GID }).success).toBe(false);
    expect(bulkCustomer.safeParse({ id: GID, updatedAt: '2026-11-01T00:00:00Z', numberOfOrders: '-1' }).success).toBe(false);
    expect(bulkCustomer.safeParse({ id: GID, updatedAt: '2026-11-01T00:00:00Z', numberOfOrders: '1'.repeat(16) }).success).toBe(false);
    expect(bulkCustomer.safeParse({ id: GID, updatedAt: '2026-11-01T00:00:00Z', tags: ['x'.repeat(256)] }).success).toBe(false);
    expect(bulkCustomer.safeParse({ id: 'x'.repeat(129), updatedAt: '2026-11-01T00:00:00Z' }).success).toBe(false);
  });
});
