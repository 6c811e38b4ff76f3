import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';
import { DEMO_PRODUCTS, priceOrder, productByHandle } from '../../server/demo/demo-catalog.js';
import { generateDemoHistory } from '../../server/demo/generate-demo-history.js';
import { embedConfigOf, pixelDataOf, pixelEventData, pixelEventNames, storeClient } from './store-client.js';

const kenya = productByHandle('kenya-nyeri')!;
const kettle = productByHandle('gooseneck-kettle')!;

describe('demo storefront (/demo/store)', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(async () => { await t.stop(); });

  it('renders home, collection, product and search pages as theme pages, with the app embed and the web pixel host', async () => {
    const c = storeClient(t.baseUrl);
    const home = await c.request('/demo/store');
    expect(home.status).toBe(200);
    expect(home.text).toContain('<meta name="viewport"');
    expect(home.text).toContain('<script src="/demo/store/assets/pixel-host.js" defer></script>');
    expect(pixelEventNames(pixelDataOf(home.text))).toEqual(['page_viewed']);
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
    // The checkout pixel replaced the demo's own minimal sender.
    expect((await c.request('/demo/store/assets/minimal-sender.js')).status).toBe(404);
    expect((await c.request('/demo/store/assets/pixel-host.js')).text).toContain("new Worker(page.worker)");
    expect((await c.request('/demo/store/assets/pixel-worker.js')).text).toContain('importScripts(message.bundle)');
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

  it('walks the checkout (no app embed there, only the web pixel): checkout_started once, each step told on the page after it, checkout_completed once', async () => {
    const c = storeClient(t.baseUrl);
    expect((await c.request('/demo/store/checkout')).location).toBe('/demo/store/cart');
    await c.request('/demo/store/cart/add', { form: { id: kettle.variantId, quantity: '1' } });
    const cartToken = c.jar.get('demo_cart_token')!;

    const contactPage = (await c.request('/demo/store/checkout')).text;
    expect(embedConfigOf(contactPage)).toBeNull();
    expect(contactPage).not.toContain('/ext/storefront-tracker/');
    expect(contactPage).toContain('<script src="/demo/store/assets/pixel-host.js" defer></script>');
    const contact = pixelDataOf(contactPage);
    // The add posted a form, so the page after it (here the checkout) tells the pixel.
    expect(pixelEventNames(contact)).toEqual(['product_added_to_cart', 'page_viewed', 'checkout_started']);
    expect(contact.settings).toEqual({ collectorUrl: `${t.baseUrl}/collect`, ingestKey: t.config.demo.ingestKey, debug: 'false' });
    expect(contact.init.data.shop.myshopifyDomain).toBe(t.config.demo.shop);
    expect(contact.init.data.cart).toMatchObject({ id: `gid://shopify/Cart/${cartToken}`, totalQuantity: 1 });
    const started = pixelEventData(contact, 'checkout_started').checkout;
    expect(started).toMatchObject({
      token: expect.stringMatching(/^[0-9a-f]{32}$/), email: null, currencyCode: 'EUR', order: null,
      totalPrice: { amount: priceOrder(kettle.price).total, currencyCode: 'EUR' },
      lineItems: [{ quantity: 1, title: kettle.title, variant: { id: kettle.variantId, product: { id: kettle.id } } }],
    });
    const token = started.token;
    expect(pixelEventNames(pixelDataOf((await c.request('/demo/store/checkout')).text))).toEqual(['page_viewed']);

    expect((await c.request('/demo/store/checkout/contact', { form: { email: 'not-an-email' } })).status).toBe(400);
    expect((await c.request('/demo/store/checkout/contact', { form: { email: 'someone@example.com', acceptsMarketing: 'on' } })).location).toBe('/demo/store/checkout/shipping');
    const shipping = pixelDataOf((await c.request('/demo/store/checkout/shipping')).text);
    expect(pixelEventNames(shipping)).toEqual(['checkout_contact_info_submitted', 'page_viewed']);
    expect(pixelEventData(shipping, 'checkout_contact_info_submitted').checkout).toMatchObject({ token, email: 'someone@example.com', buyerAcceptsEmailMarketing: true });
    expect(pixelEventNames(pixelDataOf((await c.request('/demo/store/checkout/shipping')).text))).toEqual(['page_viewed']);

    expect((await c.request('/demo/store/checkout/shipping', { form: { countryCode: 'XX', shippingMethod: 'standard' } })).status).toBe(400);
    expect((await c.request('/demo/store/checkout/shipping', { form: { address: '9 Secret Road', countryCode: 'DE', shippingMethod: 'express' } })).location)
      .toBe('/demo/store/checkout/payment');
    const payment = pixelDataOf((await c.request('/demo/store/checkout/payment')).text);
    expect(pixelEventNames(payment)).toEqual(['checkout_address_info_submitted', 'checkout_shipping_info_submitted', 'page_viewed']);
    const shipped = pixelEventData(payment, 'checkout_shipping_info_submitted').checkout;
    expect(shipped).toMatchObject({ token, email: 'someone@example.com', shippingAddress: { countryCode: 'DE', address1: null } });
    expect(shipped.delivery!.selectedDeliveryOptions[0]).toMatchObject({ handle: 'express', title: 'Express' });
    // Only the country of the address is kept.
    expect(JSON.stringify(payment)).not.toContain('Secret');

    expect((await c.request('/demo/store/checkout/payment', { form: { paymentMethod: 'paypal' } })).location).toBe('/demo/store/thank-you');
    const thanksPage = (await c.request('/demo/store/thank-you')).text;
    const thanks = pixelDataOf(thanksPage);
    expect(pixelEventNames(thanks)).toEqual(['payment_info_submitted', 'page_viewed', 'checkout_completed']);
    expect(pixelEventData(thanks, 'payment_info_submitted').checkout).toMatchObject({ token, order: null, transactions: [{ gateway: 'paypal' }] });
    const completed = pixelEventData(thanks, 'checkout_completed').checkout;
    const orderId = /Order (\d+) is confirmed/.exec(thanksPage)![1];
    expect(completed).toMatchObject({
      token, email: 'someone@example.com', order: { id: `gid://shopify/OrderIdentity/${orderId}`, customer: null },
      totalPrice: { amount: 63.9, currencyCode: 'EUR' }, transactions: [{ amount: { amount: 63.9 }, paymentMethod: { type: 'offsite' } }],
      lineItems: [{ quantity: 1, variant: { id: kettle.variantId, price: { amount: kettle.price } } }],
    });
    // The order page fires once; the cart and checkout are gone.
    const again = (await c.request('/demo/store/thank-you')).text;
    expect(again).toContain('No recent order');
    expect(pixelEventNames(pixelDataOf(again))).toEqual(['page_viewed']);
    expect((await c.request('/demo/store/cart')).text).toContain('<section data-cart-empty>');
    for (const name of ['demo_checkout_token', 'demo_checkout', 'demo_order', 'demo_pixel_pending']) expect(c.jar.has(name), name).toBe(false);
  });

  it('tells the pixel of an add.js call on the next page, and of nothing twice', async () => {
    const c = storeClient(t.baseUrl);
    const product = pixelDataOf((await c.request(`/demo/store/products/${kenya.handle}`)).text);
    expect(pixelEventNames(product)).toEqual(['page_viewed', 'product_viewed']);
    expect(pixelEventData(product, 'product_viewed').productVariant).toMatchObject({ id: kenya.variantId, price: { amount: kenya.price }, product: { id: kenya.id, title: kenya.title } });
    await c.request('/demo/store/cart/add.js', { json: { items: [{ id: Number(kenya.variantId), quantity: 2 }, { id: Number(kettle.variantId), quantity: 1 }] } });
    // A refused add is not announced.
    expect((await c.request('/demo/store/cart/add.js', { json: { id: 999, quantity: 1 } })).status).toBe(422);
    const cart = pixelDataOf((await c.request('/demo/store/cart')).text);
    expect(pixelEventNames(cart)).toEqual(['product_added_to_cart', 'product_added_to_cart', 'page_viewed', 'cart_viewed']);
    expect(cart.events.flatMap((e) => (e.name === 'product_added_to_cart' ? [[e.data.cartLine!.merchandise.id, e.data.cartLine!.quantity]] : []))).toEqual([[kenya.variantId, 2], [kettle.variantId, 1]]);
    expect(pixelEventData(cart, 'cart_viewed').cart).toMatchObject({ totalQuantity: 3, cost: { totalAmount: { amount: 92.8, currencyCode: 'EUR' } } });
    expect(pixelEventNames(pixelDataOf((await c.request('/demo/store/cart')).text))).toEqual(['page_viewed', 'cart_viewed']);
    const search = pixelDataOf((await c.request('/demo/store/search?q=kettle')).text);
    expect(pixelEventData(search, 'search_submitted').searchResult).toMatchObject({ query: 'kettle', productVariants: [{ id: kettle.variantId }] });
    const collection = pixelDataOf((await c.request('/demo/store/collections/coffee')).text);
    expect(pixelEventData(collection, 'collection_viewed').collection).toMatchObject({ id: '480001', title: 'Coffee' });
  });

  it('logs in as a demo customer (the embed prints the customer id) and never redirects off the store', async () => {
    const c = storeClient(t.baseUrl);
    const login = await c.request('/demo/store/login', { form: { customerId: '7000000000001', returnTo: '/demo/store/collections/tea' } });
    expect(login.location).toBe('/demo/store/collections/tea');
    const next = (await c.request('/demo/store/collections/tea')).text;
    expect(String(embedConfigOf(next)!.customerId)).toBe('7000000000001');
    expect(next).toContain('Logged in as <strong>Demo customer 2</strong>');

    // On checkout pages the web pixel knows the customer from `init`, as on Shopify; the email field starts with theirs.
    await c.request('/demo/store/cart/add', { form: { id: kenya.variantId } });
    await c.request('/demo/store/login', { form: { customerId: '7000000000001', returnTo: '/demo/store/checkout' } });
    const checkout = await c.request('/demo/store/checkout');
    expect(pixelDataOf(checkout.text).init.data.customer).toEqual({ id: '7000000000001' });
    expect(checkout.text).toContain('value="shopper2@example.com"');

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
