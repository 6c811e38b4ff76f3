import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCustomerQueries } from '../../../server/db/customer-queries.js';
import { createDestinationMemberQueries, type DestinationMemberQueries } from '../../../server/db/destination-member-queries.js';
import { createEmailSuppressionQueries, type EmailSuppressionQueries } from '../../../server/db/email-suppression-queries.js';
import { openDatabase, type Db } from '../../../server/db/open-database.js';
import { createShopQueries } from '../../../server/db/shops.js';
import type { DestinationKind } from '../../../server/destinations/destination-client.js';

export const T0 = Date.parse('2026-11-01T09:00:00Z');

/** A storefront event's consent, as ingestion stores it (gpc forces marketing and sale of data off). */
export interface EventConsent { marketing: boolean | null; saleOfData: boolean | null; gpc?: boolean; at: number }

export interface ShopperSpec {
  email?: string;
  customerId?: string;
  /** Storefront events, in any order. */
  events?: EventConsent[];
  /** Shopify's email-marketing consent (the customers row, through customer-queries). */
  shopifyConsent?: { state: string; updatedAt: number };
  traits?: Partial<TraitsRow>;
  segments: number[];
  enteredAt?: number;
}

export interface TraitsRow {
  rfm_group: string; number_of_orders: number; amount_spent: number; last_order_at: number | null;
  primary_device: string; checkout_recovery_url: string | null; cart_recovery_url: string | null;
}

const BASE_TRAITS: TraitsRow = {
  rfm_group: 'PROSPECTS', number_of_orders: 0, amount_spent: 0, last_order_at: null,
  primary_device: 'UNKNOWN', checkout_recovery_url: null, cart_recovery_url: null,
};

/** A real SQLite file with one shop, and writers for the rows eligibility reads. */
export interface EligibilityWorld {
  db: Db;
  shopId: number;
  queries: { members: DestinationMemberQueries; suppressions: EmailSuppressionQueries };
  segment(name: string, status?: 'active' | 'paused', shopId?: number): number;
  destination(kind: DestinationKind, name?: string): number;
  shopper(spec: ShopperSpec): number;
  setTraits(profileId: number, traits: Partial<TraitsRow>): void;
  join(segmentId: number, profileId: number, enteredAt?: number): void;
  close(): void;
}

let counter = 0;

export function openEligibilityWorld(): EligibilityWorld {
  const dir = mkdtempSync(join(tmpdir(), 'shopper-segments-eligibility-'));
  const db = openDatabase(join(dir, `eligibility-${counter++}.db`));
  const shops = createShopQueries(db);
  const shopId = shops.ensure('eligibility-test.myshopify.com', T0).id;
  const customers = createCustomerQueries(db);
  const insertSegment = db.prepare(`INSERT INTO segments (shop_id, name, query, kpi, activation_channel, refresh_policy, status, created_at, updated_at)
    VALUES (?, ?, 'number_of_orders > 0', 'revenue', 'email', 'live', ?, ?, ?)`);
  const insertDestination = db.prepare(`INSERT INTO destinations (shop_id, kind, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`);
  const insertProfile = db.prepare('INSERT INTO profiles (shop_id, customer_id, first_seen_at, last_seen_at, created_at) VALUES (?, ?, ?, ?, ?)');
  const insertIdentifier = db.prepare('INSERT INTO identifiers (shop_id, kind, value, profile_id, first_seen_at) VALUES (?, ?, ?, ?, ?)');
  const insertEvent = db.prepare(`INSERT INTO events (shop_id, event_id, name, occurred_at, received_at, profile_id, device,
      consent_marketing, consent_sale_of_data, gpc, source) VALUES (?, ?, 'Page_Viewed', ?, ?, ?, 'desktop', ?, ?, ?, 'storefront')`);
  const insertTraits = db.prepare(`INSERT INTO profile_traits (profile_id, shop_id, rfm_group, number_of_orders, amount_spent, last_order_at,
      primary_device, checkout_recovery_url, cart_recovery_url, computed_at)
    VALUES (@profileId, @shopId, @rfm_group, @number_of_orders, @amount_spent, @last_order_at, @primary_device, @checkout_recovery_url, @cart_recovery_url, @at)
    ON CONFLICT (profile_id) DO UPDATE SET rfm_group = excluded.rfm_group, number_of_orders = excluded.number_of_orders,
      amount_spent = excluded.amount_spent, last_order_at = excluded.last_order_at, primary_device = excluded.primary_device,
      checkout_recovery_url = excluded.checkout_recovery_url, cart_recovery_url = excluded.cart_recovery_url`);
  const insertMember = db.prepare('INSERT INTO segment_members (segment_id, profile_id, entered_at) VALUES (?, ?, ?)');
  const currentTraits = db.prepare(`SELECT rfm_group, number_of_orders, amount_spent, last_order_at, primary_device, checkout_recovery_url,
      cart_recovery_url FROM profile_traits WHERE profile_id = ?`);
  const bit = (v: boolean | null | undefined) => (v === null || v === undefined ? null : v ? 1 : 0);
  let eventCounter = 0;

  const setTraits = (profileId: number, traits: Partial<TraitsRow>) => {
    const current = (currentTraits.get(profileId) as TraitsRow | undefined) ?? BASE_TRAITS;
    insertTraits.run({ ...current, ...traits, profileId, shopId, at: T0 });
  };

  return {
    db,
    shopId,
    queries: { members: createDestinationMemberQueries(db), suppressions: createEmailSuppressionQueries(db) },
    segment: (name, status = 'active', shop = shopId) => Number(insertSegment.run(shop, name, status, T0, T0).lastInsertRowid),
    destination: (kind, name = `${kind} ${counter++}`) => Number(insertDestination.run(shopId, kind, name, T0, T0).lastInsertRowid),
    shopper: db.transaction((spec: ShopperSpec) => {
      const profileId = Number(insertProfile.run(shopId, spec.customerId ?? null, T0, T0, T0).lastInsertRowid);
      if (spec.email !== undefined) insertIdentifier.run(shopId, 'email', spec.email, profileId, T0);
      if (spec.customerId !== undefined) insertIdentifier.run(shopId, 'customer', spec.customerId, profileId, T0);
      for (const e of spec.events ?? []) {
        const gpc = e.gpc === true;
        insertEvent.run(shopId, `ev-${eventCounter++}`, e.at, e.at, profileId, gpc ? 0 : bit(e.marketing), gpc ? 0 : bit(e.saleOfData), gpc ? 1 : 0);
      }
      if (spec.shopifyConsent && spec.customerId !== undefined) {
        customers.applyEmailConsent(shopId, spec.customerId, profileId, { state: spec.shopifyConsent.state, optInLevel: 'single_opt_in', updatedAt: spec.shopifyConsent.updatedAt }, T0);
      }
      setTraits(profileId, spec.traits ?? {});
      for (const segmentId of spec.segments) insertMember.run(segmentId, profileId, spec.enteredAt ?? T0);
      return profileId;
    }),
    setTraits,
    join: (segmentId, profileId, enteredAt = T0) => { insertMember.run(segmentId, profileId, enteredAt); },
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Storefront consent granted for marketing and sale of data. */
export const consented = (at = T0): EventConsent => ({ marketing: true, saleOfData: true, at });
