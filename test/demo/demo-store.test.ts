import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';
import { DEMO_PRODUCTS, priceOrder, productByHandle } from '../../server/demo/demo-catalog.js';
import { generateDemoHistory } from '../../server/demo/generate-demo-history.js';
import { descriptorOf, storeClient } from './store-client.js';

const kenya = productByHandle('kenya-nyeri')!;
const kettle = productByHandle('gooseneck-kettle')!;

describe('demo storefront (/demo/store)', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(async () => { await t.stop(); });

  it('renders home, collection, product and search pages with the events each stands for', async () => {
    const c = storeClient(t.baseUrl);
    const home = await c.request('/demo/store');
    expect(home.status).toBe(200);
    expect(home.text).toContain('<meta name="viewport"');
    expect(home.text).toContain('/demo/store/assets/minimal-sender.js');
    expect(descriptorOf(home.text)).toEqual({ pageType: 'home', events: [] });

    const collection = descriptorOf((await c.request('/demo/store/collections/coffee')).text);
    expect(collection.events).toEqual([{ name: 'Collection_Viewed', properties: { collectionId: '480001', title: 'Coffee', productCount: 5 } }]);

    const product = await c.request(`/demo/store/products/${kenya.handle}`);
    expect(descriptorOf(product.text).events).toEqual([{
      name: 'Product_Viewed',
      properties: { productId: kenya.id, variantId: kenya.variantId, title: kenya.title, price: kenya.price, currency: 'EUR' },
    }]);
    expect(product.text).toContain('data-event="Cart_ItemAdded"');

    const search = descriptorOf((await c.request('/demo/store/search?q=kettle')).text);
    expect(search.events).toEqual([{ name: 'Search_Submitted', properties: { query: 'kettle', resultCount: 1 } }]);

    expect((await c.request('/demo/store/products/no-such-thing')).status).toBe(404);
    expect((await c.request('/demo/store/assets/minimal-sender.js')).text).toContain('/apps/segments/collect');
    expect((await c.request('/demo/store/assets/../../app.ts')).status).toBe(404);
  });

  it('keeps the cart in a cookie; a bad add changes nothing', async () => {
    const c = storeClient(t.baseUrl);
    const added = await c.request('/demo/store/cart/add', { form: { productId: kenya.id, quantity: '2' } });
    expect(added.status).toBe(303);
    expect(added.location).toBe('/demo/store/cart');
    await c.request('/demo/store/cart/add', { form: { productId: kettle.id, quantity: '1' } });
    const token = c.jar.get('demo_cart_token');
    expect(token).toMatch(/^[0-9a-f]{32}$/);

    const badForms: Record<string, string>[] = [{ productId: kenya.id, quantity: '0' }, { productId: '999', quantity: '1' }, { productId: 'x' }];
    for (const form of badForms) {
      const bad = await c.request('/demo/store/cart/add', { form });
      expect(bad.status).toBe(400);
      expect((bad.json() as { error: { code: string } }).error.code).toMatch(/^(invalid_form|unknown_product)$/);
    }
    const cart = descriptorOf((await c.request('/demo/store/cart')).text);
    expect(cart.cartToken).toBe(token);
    expect(cart.events).toEqual([{ name: 'Cart_Viewed', properties: { itemCount: 3, total: 2 * kenya.price + kettle.price, currency: 'EUR' } }]);

    await c.request('/demo/store/cart/remove', { form: { productId: kettle.id } });
    expect(descriptorOf((await c.request('/demo/store/cart')).text).events[0]!.properties).toMatchObject({ itemCount: 2 });
  });

  it('ignores a tampered cart cookie instead of failing', async () => {
    const c = storeClient(t.baseUrl);
    c.jar.set('demo_cart', 'not-base64-json');
    const cart = await c.request('/demo/store/cart');
    expect(cart.status).toBe(200);
    expect(cart.text).toContain('Your cart is empty');
  });

  it('charges shipping under the free-shipping threshold', () => {
    expect(priceOrder(kettle.price)).toEqual({ subtotal: 59, shipping: 4.9, total: 63.9 });
  });

  it('walks the checkout: Checkout_Started once, then contact, shipping, payment and the thank-you page', async () => {
    const c = storeClient(t.baseUrl);
    expect((await c.request('/demo/store/checkout')).location).toBe('/demo/store/cart');
    await c.request('/demo/store/cart/add', { form: { productId: kettle.id, quantity: '1' } });

    const contact = descriptorOf((await c.request('/demo/store/checkout')).text);
    expect(contact.events).toEqual([{ name: 'Checkout_Started', properties: { itemCount: 1, total: priceOrder(kettle.price).total, currency: 'EUR' } }]);
    const checkoutToken = contact.checkoutToken;
    expect(checkoutToken).toMatch(/^[0-9a-f]{32}$/);
    expect(descriptorOf((await c.request('/demo/store/checkout')).text).events).toEqual([]);

    expect((await c.request('/demo/store/checkout/contact', { form: { email: 'not-an-email' } })).status).toBe(400);
    expect((await c.request('/demo/store/checkout/contact', { form: { email: 'someone@example.com' } })).location).toBe('/demo/store/checkout/shipping');
    expect(descriptorOf((await c.request('/demo/store/checkout/shipping')).text).checkoutToken).toBe(checkoutToken);
    expect((await c.request('/demo/store/checkout/shipping', { form: { shippingMethod: 'standard' } })).location).toBe('/demo/store/checkout/payment');
    expect((await c.request('/demo/store/checkout/payment', { form: { paymentMethod: 'card' } })).location).toBe('/demo/store/thank-you');

    const thanks = descriptorOf((await c.request('/demo/store/thank-you')).text);
    expect(thanks.checkoutToken).toBe(checkoutToken);
    expect(thanks.events).toEqual([{
      name: 'Checkout_Completed',
      properties: {
        orderId: expect.stringMatching(/^\d+$/), itemCount: 1, total: 63.9, currency: 'EUR',
        lineItems: [{ productId: kettle.id, variantId: kettle.variantId, title: kettle.title, quantity: 1, price: kettle.price }],
      },
    }]);
    // The order page fires once; the cart and checkout are gone.
    expect(descriptorOf((await c.request('/demo/store/thank-you')).text).events).toEqual([]);
    expect((await c.request('/demo/store/cart')).text).toContain('Your cart is empty');
    expect(c.jar.has('demo_checkout_token')).toBe(false);
  });

  it('logs in as a demo customer (Customer_Identified on the next page) and never redirects off the store', async () => {
    const c = storeClient(t.baseUrl);
    const login = await c.request('/demo/store/login', { form: { customerId: '7000000000001', returnTo: '/demo/store/collections/tea' } });
    expect(login.location).toBe('/demo/store/collections/tea');
    const next = descriptorOf((await c.request('/demo/store/collections/tea')).text);
    expect(next).toMatchObject({ customerId: '7000000000001', identify: true, email: 'shopper2@example.com' });
    const later = descriptorOf((await c.request('/demo/store')).text);
    expect(later.customerId).toBe('7000000000001');
    expect(later.identify).toBeUndefined();
    expect(later.email).toBeUndefined();

    expect((await c.request('/demo/store/logout', { form: { returnTo: 'https://evil.example/' } })).location).toBe('/demo/store');
    expect(descriptorOf((await c.request('/demo/store')).text).customerId).toBeUndefined();
    expect((await c.request('/demo/store/login', { form: { customerId: '123' } })).status).toBe(400);
    expect((await c.request('/demo/store/login', { form: { customerId: '7000000000000', returnTo: '//evil.example' } })).location).toBe('/demo/store');
  });

  it('lists every product of the catalog in its collection page', async () => {
    const c = storeClient(t.baseUrl);
    for (const p of DEMO_PRODUCTS) {
      expect((await c.request(`/demo/store/collections/${p.collectionHandle}`)).text).toContain(`/demo/store/products/${p.handle}`);
    }
  });

  it('serves every page the seeded history names, so seeded and live events describe the same pages', async () => {
    const paths = new Set([...generateDemoHistory({ seed: 1, shoppers: 300, days: 30, now: t.clock.now() })].flat().map((e) => e.pagePath!));
    expect(paths.size).toBeGreaterThan(20);
    const c = storeClient(t.baseUrl);
    await c.request('/demo/store/cart/add', { form: { productId: kenya.id } });
    await c.request('/demo/store/checkout');
    for (const path of [...paths].filter((p) => !p.endsWith('/thank-you'))) {
      const res = await c.request(path.replace(/\?q$/, '?q=tea'));
      expect(res.status, path).toBe(200);
    }
  });
});
