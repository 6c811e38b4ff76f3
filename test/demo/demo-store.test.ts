import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';
import { DEMO_PRODUCTS, priceOrder, productByHandle } from '../../server/demo/demo-catalog.js';
import { generateDemoHistory } from '../../server/demo/generate-demo-history.js';
import { descriptorOf, embedConfigOf, storeClient } from './store-client.js';

const kenya = productByHandle('kenya-nyeri')!;
const kettle = productByHandle('gooseneck-kettle')!;

describe('demo storefront (/demo/store)', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(async () => { await t.stop(); });

  it('renders home, collection, product and search pages as theme pages, with the app embed instead of the minimal sender', async () => {
    const c = storeClient(t.baseUrl);
    const home = await c.request('/demo/store');
    expect(home.status).toBe(200);
    expect(home.text).toContain('<meta name="viewport"');
    expect(home.text).not.toContain('minimal-sender.js');
    expect(home.text).not.toContain('id="demo-page"');
    expect(embedConfigOf(home.text)).not.toBeNull();

    const collection = await c.request('/demo/store/collections/coffee');
    expect(collection.text).toContain(`/demo/store/products/${kenya.handle}`);

    // Dawn's product form: a classic post of the variant id, and a "Quick add" that store.js wires to /cart/add.js.
    const product = (await c.request(`/demo/store/products/${kenya.handle}`)).text;
    expect(product).toContain('<form method="post" action="/demo/store/cart/add"');
    expect(product).toContain(`<input type="hidden" name="id" value="${kenya.variantId}">`);
    expect(product).toContain('<input type="number" name="quantity" value="1"');
    expect(product).toContain('<button type="button" id="quick-add" data-quick-add hidden>Quick add</button>');

    expect((await c.request('/demo/store/search?q=kettle')).text).toContain('1 result for “kettle”');
    const missing = await c.request('/demo/store/products/no-such-thing');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('Page not found');
    expect((await c.request('/demo/store/assets/minimal-sender.js')).text).toContain('/apps/segments/collect');
    expect((await c.request('/demo/store/assets/store.js')).status).toBe(200);
    expect((await c.request('/demo/store/assets/../../app.ts')).status).toBe(404);
  });

  it('keeps the cart in a cookie; the cart page changes lines with plain forms; a bad add changes nothing', async () => {
    const c = storeClient(t.baseUrl);
    const added = await c.request('/demo/store/cart/add', { form: { id: kenya.variantId, quantity: '2' } });
    expect(added.status).toBe(303);
    expect(added.location).toBe('/demo/store/cart');
    await c.request('/demo/store/cart/add', { form: { id: kettle.variantId, quantity: '1' } });
    const token = c.jar.get('demo_cart_token');
    expect(token).toMatch(/^[0-9a-f]{32}$/);

    const badForms: Record<string, string>[] = [{ id: kenya.variantId, quantity: '0' }, { id: '999', quantity: '1' }, { id: 'x' }];
    for (const form of badForms) expect((await c.request('/demo/store/cart/add', { form })).status).toBe(422);
    // The old demo form field: Shopify's form names the variant `id`.
    expect((await c.request('/demo/store/cart/add', { form: { productId: kenya.id } })).status).toBe(400);

    const cart = (await c.request('/demo/store/cart')).text;
    expect(cart).toContain('<section data-cart-empty hidden>');
    expect(cart).toContain('<section data-cart-filled>');
    expect(cart).toContain(`<strong data-cart-subtotal>€92.80</strong>`);
    expect(cart).toContain('Cart (<span data-cart-count>3</span>)');
    // Each line's −, + and Remove post its new quantity to /cart/change.
    expect(cart).toContain('<input type="hidden" name="line" value="2">');
    expect(cart).toContain('<button type="submit" name="quantity" value="0" class="link" aria-label="Remove Gooseneck Kettle 0.9 l">Remove</button>');

    expect((await c.request('/demo/store/cart/change', { form: { line: '2', quantity: '0' } })).location).toBe('/demo/store/cart');
    expect((await c.request('/demo/store/cart')).text).toContain('Cart (<span data-cart-count>2</span>)');
    expect(c.jar.get('demo_cart_token')).toBe(token);
  });

  it('ignores a tampered cart cookie instead of failing', async () => {
    const c = storeClient(t.baseUrl);
    c.jar.set('demo_cart', 'not-base64-json');
    const cart = await c.request('/demo/store/cart');
    expect(cart.status).toBe(200);
    expect(cart.text).toContain('<section data-cart-empty>');
    expect(cart.text).toContain('<section data-cart-filled hidden>');
  });

  it('charges shipping under the free-shipping threshold', () => {
    expect(priceOrder(kettle.price)).toEqual({ subtotal: 59, shipping: 4.9, total: 63.9 });
  });

  it('walks the checkout (no app embed there, the minimal sender instead): Checkout_Started once, then the steps and the thank-you page', async () => {
    const c = storeClient(t.baseUrl);
    expect((await c.request('/demo/store/checkout')).location).toBe('/demo/store/cart');
    await c.request('/demo/store/cart/add', { form: { id: kettle.variantId, quantity: '1' } });

    const contactPage = (await c.request('/demo/store/checkout')).text;
    expect(embedConfigOf(contactPage)).toBeNull();
    expect(contactPage).not.toContain('/ext/storefront-tracker/');
    expect(contactPage).toContain('/demo/store/assets/minimal-sender.js');
    const contact = descriptorOf(contactPage);
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
    expect((await c.request('/demo/store/cart')).text).toContain('<section data-cart-empty>');
    expect(c.jar.has('demo_checkout_token')).toBe(false);
  });

  it('logs in as a demo customer (the embed prints the customer id) and never redirects off the store', async () => {
    const c = storeClient(t.baseUrl);
    const login = await c.request('/demo/store/login', { form: { customerId: '7000000000001', returnTo: '/demo/store/collections/tea' } });
    expect(login.location).toBe('/demo/store/collections/tea');
    const next = (await c.request('/demo/store/collections/tea')).text;
    expect(String(embedConfigOf(next)!.customerId)).toBe('7000000000001');
    expect(next).toContain('Logged in as <strong>Demo customer 2</strong>');

    // On a checkout page the minimal sender still identifies the customer, on the page right after the login only.
    await c.request('/demo/store/cart/add', { form: { id: kenya.variantId } });
    await c.request('/demo/store/login', { form: { customerId: '7000000000001', returnTo: '/demo/store/checkout' } });
    expect(descriptorOf((await c.request('/demo/store/checkout')).text)).toMatchObject({ customerId: '7000000000001', identify: true, email: 'shopper2@example.com' });
    const later = descriptorOf((await c.request('/demo/store/checkout')).text);
    expect(later.customerId).toBe('7000000000001');
    expect(later.identify).toBeUndefined();
    expect(later.email).toBeUndefined();

    expect((await c.request('/demo/store/logout', { form: { returnTo: 'https://evil.example/' } })).location).toBe('/demo/store');
    expect(embedConfigOf((await c.request('/demo/store')).text)!.customerId).toBeUndefined();
    expect((await c.request('/demo/store/login', { form: { customerId: '123' } })).status).toBe(400);
    expect((await c.request('/demo/store/login', { form: { customerId: '7000000000000', returnTo: '//evil.example' } })).location).toBe('/demo/store');
    expect((await c.request('/demo/store/login', { form: { customerId: '7000000000000', returnTo: '/demo/store?embed=0' } })).location).toBe('/demo/store?embed=0');
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
    await c.request('/demo/store/cart/add', { form: { id: kenya.variantId } });
    await c.request('/demo/store/checkout');
    for (const path of [...paths].filter((p) => !p.endsWith('/thank-you'))) {
      const res = await c.request(path.replace(/\?q$/, '?q=tea'));
      expect(res.status, path).toBe(200);
    }
  });
});
