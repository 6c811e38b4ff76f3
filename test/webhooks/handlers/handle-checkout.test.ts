import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCheckoutQueries } from '../../../server/db/checkout-queries.js';
import { handleCheckout } from '../../../server/webhooks/handlers/handle-checkout.js';
import { loadSample, openHandlerTestDb, type HandlerTestDb } from './handler-test-kit.js';

const TOKEN = '123123123';
const CART = 'eeafa272cebfd4b22385bc4b645e762c';
const T0 = Date.parse('2021-12-31T19:00:00-05:00');

describe('checkouts/create, checkouts/update', () => {
  let t: HandlerTestDb;
  beforeEach(() => { t = openHandlerTestDb(); });
  afterEach(() => t.close());
  const at = (ms: number) => new Date(ms).toISOString();

  it('stores the checkout by token with totals and the recovery link, on the profile that carried the cart', () => {
    t.browse([{ kind: 'visitor', value: 'v-cart' }, { kind: 'cart', value: CART }], T0 - 600_000, 'Cart_Viewed');
    t.deliver(handleCheckout, 'checkouts/create', loadSample('checkouts-create'));

    const checkout = createCheckoutQueries(t.db).get(t.shop.id, TOKEN)!;
    expect(checkout).toMatchObject({
      token: TOKEN, customerId: '603851970716743426', cartToken: CART, currency: 'USD', total: 421.88, subtotal: 398,
      lineCount: 2, itemCount: 2, createdAt: T0, updatedAt: T0, completedAt: null,
      abandonedCheckoutUrl: 'https://checkout.local/548380009/checkouts/123123123/recover?key=example-secret-token',
    });
    expect(checkout.lineItems[0]).toEqual({ productId: '632910392', variantId: '808950810', title: 'IPod Nano - 8GB', quantity: 1, price: 199 });
    const browsedProfile = t.db.prepare("SELECT profile_id FROM identifiers WHERE kind = 'visitor' AND value = 'v-cart'").pluck().get();
    expect(checkout.profileId).toBe(browsedProfile);
    expect(t.db.prepare('SELECT kind FROM identifiers WHERE profile_id = ? ORDER BY kind').pluck().all(browsedProfile))
      .toEqual(['cart', 'checkout', 'customer', 'email', 'visitor']);
    expect(t.db.prepare("SELECT value FROM identifiers WHERE kind = 'email'").pluck().all()).toEqual(['example@email.com']);
  });

  it('an older checkouts/update never overwrites a newer one; a newer one does', () => {
    const sample = loadSample('checkouts-update');
    t.deliver(handleCheckout, 'checkouts/update', { ...sample, updated_at: at(T0 + 60_000), total_price: '500.00' });
    t.deliver(handleCheckout, 'checkouts/update', { ...sample, updated_at: at(T0 + 30_000), total_price: '1.00', completed_at: at(T0 + 30_000) });
    expect(createCheckoutQueries(t.db).get(t.shop.id, TOKEN)).toMatchObject({ total: 500, updatedAt: T0 + 60_000, completedAt: null });
    t.deliver(handleCheckout, 'checkouts/update', { ...sample, updated_at: at(T0 + 90_000), completed_at: at(T0 + 90_000) });
    expect(createCheckoutQueries(t.db).get(t.shop.id, TOKEN)).toMatchObject({ total: 421.88, completedAt: T0 + 90_000 });
    expect(t.count('SELECT COUNT(*) FROM checkouts')).toBe(1);
  });

  it('the same delivery twice changes nothing more', () => {
    t.deliver(handleCheckout, 'checkouts/create', loadSample('checkouts-create'), { eventId: 'e1' });
    const snapshot = JSON.stringify([t.db.prepare('SELECT * FROM checkouts').all(), t.db.prepare('SELECT * FROM identifiers').all(), t.db.prepare('SELECT * FROM profiles').all()]);
    t.deliver(handleCheckout, 'checkouts/create', loadSample('checkouts-create'), { eventId: 'e1' });
    expect(JSON.stringify([t.db.prepare('SELECT * FROM checkouts').all(), t.db.prepare('SELECT * FROM identifiers').all(), t.db.prepare('SELECT * FROM profiles').all()]))
      .toBe(snapshot);
  });

  it('keeps no email, name or address in the checkouts row', () => {
    t.deliver(handleCheckout, 'checkouts/create', loadSample('checkouts-create'));
    const row = JSON.stringify(t.db.prepare('SELECT * FROM checkouts').get());
    expect(row).not.toMatch(/@|Billing Street|Shipping Street|Bob|Steve|555-555/);
  });

  it('a checkout without a token is refused and writes nothing', () => {
    const { token: _token, ...rest } = loadSample('checkouts-create');
    expect(() => t.deliver(handleCheckout, 'checkouts/create', rest)).toThrow(/payload invalid at token/);
    expect(t.count('SELECT COUNT(*) FROM checkouts') + t.count('SELECT COUNT(*) FROM identifiers')).toBe(0);
  });
});
