import { createSessionQueries } from '../../server/db/session-queries.js';
import type { ShopRow } from '../../server/db/shops.js';
import { handleCheckout } from '../../server/webhooks/handlers/handle-checkout.js';
import { handleCustomer } from '../../server/webhooks/handlers/handle-customer.js';
import { handleOrder } from '../../server/webhooks/handlers/handle-order.js';
import { loadSample, NOW, type HandlerTestDb } from '../webhooks/handlers/handler-test-kit.js';
import { createSegmentQueries } from '../../server/db/segment-queries.js';
import { silentLogger } from '../../server/logger.js';
import { createSegmentEngine } from '../../server/segments/live/create-segment-engine.js';
import { installTemplateSegments } from '../../server/segments/templates/install-template-segments.js';

/** What a shopper left in the database, to look for after a redaction. */
export interface Shopper {
  customerId: string;
  email: string;
  orderId: string;
  visitors: string[];
  cart: string;
  checkout: string;
}

const T0 = Date.parse('2026-11-01T09:00:00Z');
const at = (ms: number) => new Date(ms).toISOString();

/** John is the customer of Shopify's compliance samples (customer 191167, john@example.com, order 299938). */
export const JOHN: Shopper = {
  customerId: '191167', email: 'john@example.com', orderId: '299938',
  visitors: ['visitor-of-john-phone', 'visitor-of-john-laptop'], cart: 'cart-of-john', checkout: 'checkout-of-john',
};
export const MARY: Shopper = {
  customerId: '777001', email: 'mary@example.org', orderId: '555002',
  visitors: ['visitor-of-mary'], cart: 'cart-of-mary', checkout: 'checkout-of-mary',
};

/**
 * Fills a shop the way real traffic does: anonymous browsing on two devices, a newsletter signup that
 * merges the second device in by email, a checkout, an order (Order_Placed), the customer row with consent.
 */
export function addShopper(t: HandlerTestDb, s: Shopper, shop: ShopRow = t.shop): void {
  const [first, second] = s.visitors;
  t.browse([{ kind: 'visitor', value: first! }, { kind: 'cart', value: s.cart }], T0, 'Product_Viewed', shop);
  if (second !== undefined) {
    t.browse([{ kind: 'visitor', value: second }], T0 + 1_000, 'Page_Viewed', shop);
    t.browse([{ kind: 'visitor', value: second }, { kind: 'email', value: s.email }], T0 + 2_000, 'Customer_Identified', shop);
  }
  const customer = { id: Number(s.customerId), admin_graphql_api_id: `gid://shopify/Customer/${s.customerId}`, email: s.email };
  t.deliver(handleCheckout, 'checkouts/create', {
    ...loadSample('checkouts-create'), token: s.checkout, cart_token: s.cart, email: s.email, customer, created_at: at(T0 + 2_500), updated_at: at(T0 + 3_000),
  }, { shop });
  t.deliver(handleOrder, 'orders/create', {
    ...loadSample('orders-create'), id: Number(s.orderId), admin_graphql_api_id: `gid://shopify/Order/${s.orderId}`, email: s.email,
    contact_email: s.email, customer, cart_token: s.cart, checkout_token: s.checkout, cancelled_at: null,
    created_at: at(T0 + 4_000), updated_at: at(T0 + 4_000),
  }, { shop });
  t.deliver(handleCustomer, 'customers/update', {
    ...loadSample('customers-update'), id: Number(s.customerId), admin_graphql_api_id: `gid://shopify/Customer/${s.customerId}`,
    email: s.email, tags: 'vip', updated_at: at(T0 + 5_000),
    email_marketing_consent: { state: 'subscribed', opt_in_level: 'single_opt_in', consent_updated_at: at(T0 + 5_000) },
  }, { shop });
  createSessionQueries(t.db).upsert({
    id: `offline_${shop.domain}`, shop: shop.domain, state: 's', isOnline: 0, scope: 'read_orders', expiresAt: null,
    accessTokenEncrypted: 'encrypted', refreshTokenEncrypted: null, refreshTokenExpiresAt: null, onlineAccessInfo: null, updatedAt: NOW,
  });
}

/** The samples with the delivery's shop: Shopify fills shop_domain in; the published files say "{shop}". */
export function complianceSample(name: 'customers-data_request' | 'customers-redact' | 'shop-redact', shop: ShopRow): Record<string, unknown> {
  return { ...loadSample(name), shop_domain: shop.domain };
}

/**
 * Runs the segment engine over the shops as the live app would: template segments plus one every buyer
 * is in, so traits, memberships and their log hold rows about the shoppers for redaction to find.
 */
export function computeSegments(t: HandlerTestDb, shops: readonly ShopRow[] = [t.shop]): void {
  const engine = createSegmentEngine({ db: t.db, clock: t.clock, logger: silentLogger, options: { abandonmentWindowMs: 3_600_000 } });
  for (const shop of shops) {
    installTemplateSegments(t.db, shop.id, t.clock.now());
    createSegmentQueries(t.db).insert(shop.id, {
      templateKey: null, name: 'Buyers', description: '', query: 'number_of_orders >= 1', kpi: 'repeat_rate',
      activationChannel: 'email', activationPlan: 'Thank-you note', refreshPolicy: 'live', status: 'active',
    }, t.clock.now());
  }
  engine.drain();
}
