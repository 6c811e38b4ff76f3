import type { Db } from './open-database.js';

/** What a customers/create|update payload carries. Null means "not in this payload": the stored value stays. */
export interface CustomerRecord {
  customerId: string;
  profileId: number | null;
  tags: string | null;
  ordersCount: number | null;
  totalSpent: number | null;
  updatedAt: number;
}

export interface EmailConsent {
  state: string;
  optInLevel: string | null;
  /** When the consent changed (Shopify's consent_updated_at, else when the webhook fired). */
  updatedAt: number;
}

export interface CustomerRow {
  customerId: string;
  profileId: number | null;
  emailConsentState: string | null;
  emailConsentOptInLevel: string | null;
  emailConsentUpdatedAt: number | null;
  tags: string | null;
  ordersCount: number | null;
  totalSpent: number | null;
  updatedAt: number | null;
}

export interface CustomerQueries {
  /** Inserts, or updates when this payload is not older than the stored one. False when nothing was written. */
  upsert(shopId: number, customer: CustomerRecord, receivedAt: number): boolean;
  /**
   * Sets the email marketing consent unless the stored consent changed later (consent has its own clock,
   * independent of the customer's updated_at). Creates the row when the customer is new.
   */
  applyEmailConsent(shopId: number, customerId: string, profileId: number | null, consent: EmailConsent, receivedAt: number): boolean;
  get(shopId: number, customerId: string): CustomerRow | undefined;
}

export function createCustomerQueries(db: Db): CustomerQueries {
  const upsert = db.prepare(`INSERT INTO customers (shop_id, customer_id, profile_id, tags, orders_count, total_spent, updated_at, received_at)
    VALUES (@shopId, @customerId, @profileId, @tags, @ordersCount, @totalSpent, @updatedAt, @receivedAt)
    ON CONFLICT (shop_id, customer_id) DO UPDATE SET profile_id = coalesce(excluded.profile_id, customers.profile_id),
      tags = coalesce(excluded.tags, customers.tags), orders_count = coalesce(excluded.orders_count, customers.orders_count),
      total_spent = coalesce(excluded.total_spent, customers.total_spent), updated_at = excluded.updated_at,
      received_at = excluded.received_at
    WHERE customers.updated_at IS NULL OR excluded.updated_at >= customers.updated_at`);
  const consent = db.prepare(`INSERT INTO customers (shop_id, customer_id, profile_id, email_consent_state, email_consent_opt_in_level,
      email_consent_updated_at, received_at)
    VALUES (@shopId, @customerId, @profileId, @state, @optInLevel, @updatedAt, @receivedAt)
    ON CONFLICT (shop_id, customer_id) DO UPDATE SET profile_id = coalesce(excluded.profile_id, customers.profile_id),
      email_consent_state = excluded.email_consent_state, email_consent_opt_in_level = excluded.email_consent_opt_in_level,
      email_consent_updated_at = excluded.email_consent_updated_at, received_at = excluded.received_at
    WHERE customers.email_consent_updated_at IS NULL OR excluded.email_consent_updated_at >= customers.email_consent_updated_at`);
  const get = db.prepare(`SELECT customer_id AS customerId, profile_id AS profileId, email_consent_state AS emailConsentState,
      email_consent_opt_in_level AS emailConsentOptInLevel, email_consent_updated_at AS emailConsentUpdatedAt, tags,
      orders_count AS ordersCount, total_spent AS totalSpent, updated_at AS updatedAt
    FROM customers WHERE shop_id = ? AND customer_id = ?`);
  return {
    upsert: (shopId, customer, receivedAt) => upsert.run({ ...customer, shopId, receivedAt }).changes > 0,
    applyEmailConsent: (shopId, customerId, profileId, c, receivedAt) =>
      consent.run({ shopId, customerId, profileId, state: c.state, optInLevel: c.optInLevel, updatedAt: c.updatedAt, receivedAt }).changes > 0,
    get: (shopId, customerId) => get.get(shopId, customerId) as CustomerRow | undefined,
  };
}
