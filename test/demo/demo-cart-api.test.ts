import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';
import { productByHandle } from '../../server/demo/demo-catalog.js';
import { storeClient } from './store-client.js';

const kenya = productByHandle('kenya-nyeri')!; // 16.90
const kettle = productByHandle('gooseneck-kettle')!; // 59.00
const decaf = productByHandle('decaf-peru')!; // 13.50

interface Item { id: number; key: string; quantity: number; price: number; final_line_price: number }
interface Cart { token: string; item_count: number; total_price: number; currency: string; items: Item[] }

describe('demo storefront: Shopify Ajax Cart API (/demo/store/cart*)', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(async () => { await t.stop(); });

  const shopper = () => {
    const c = storeClient(t.baseUrl);
    const cart = async () => (await c.request('/demo/store/cart.js')).json() as Cart;
    const lines = async () => (await cart()).items.map((i) => [i.id, i.quantity]);
    return { ...c, cart, lines };
  };

  it('GET /cart.js answers an empty cart whose token stays the same', async () => {
    const c = shopper();
    const first = await c.request('/demo/store/cart.js');
    expect(first.status).toBe(200);
    const cart = first.json() as Cart;
    expect(cart).toMatchObject({ item_count: 0, items: [], total_price: 0, currency: 'EUR', requires_shipping: false, note: null });
    expect(cart.token).toMatch(/^[0-9a-f]{32}$/);
    expect(c.jar.get('demo_cart_token')).toBe(cart.token);
    expect((await c.cart()).token).toBe(cart.token);
  });

  it('add.js takes {items}, {id, quantity} and form bodies, and answers in Shopify\'s shapes', async () => {
    const c = shopper();
    const token = (await c.cart()).token;
    const many = await c.request('/demo/store/cart/add.js', { json: { items: [{ id: Number(kenya.variantId), quantity: 2 }] } });
    expect(many.status).toBe(200);
    expect(many.json()).toEqual({ items: [expect.objectContaining({
      id: 4400004, variant_id: 4400004, product_id: 8100004, key: expect.stringMatching(/^4400004:[0-9a-f]{32}$/), quantity: 2,
      price: 1690, line_price: 3380, final_line_price: 3380, title: kenya.title, product_title: kenya.title, handle: kenya.handle,
      url: '/demo/store/products/kenya-nyeri?variant=4400004',
    })] });

    // One item: the line itself, with the line's quantity after the add.
    const single = await c.request('/demo/store/cart/add.js', { json: { id: kenya.variantId, quantity: 1 } });
    expect(single.json()).toMatchObject({ id: 4400004, quantity: 3, line_price: 5070 });
    const form = await c.request('/demo/store/cart/add.js', { form: { id: kettle.variantId, quantity: '1', form_type: 'product' } });
    expect(form.json()).toMatchObject({ id: 4400011, quantity: 1, price: 5900 });
    const nested = await c.request('/demo/store/cart/add.js', { form: { 'items[0][id]': decaf.variantId } });
    expect(nested.json()).toMatchObject({ items: [{ id: 4400005, quantity: 1 }] });

    const cart = await c.cart();
    expect(cart).toMatchObject({ token, item_count: 5, total_price: 3 * 1690 + 5900 + 1350, items_subtotal_price: 12320 });
    expect(cart.items.map((i) => [i.id, i.quantity, i.final_line_price])).toEqual([[4400004, 3, 5070], [4400011, 1, 5900], [4400005, 1, 1350]]);
    expect(cart.items[0]!.key).toBe((many.json() as { items: Item[] }).items[0]!.key);
  });

  it('refuses unknown variants and bad quantities with a 422, and a refused request changes nothing', async () => {
    const c = shopper();
    await c.request('/demo/store/cart/add.js', { json: { id: kenya.variantId, quantity: 98 } });
    const before = await c.cart();
    const refused: [Record<string, unknown>, string][] = [
      [{ json: { id: 999, quantity: 1 } }, 'Cannot find variant'],
      [{ json: { id: 'abc' } }, 'Cannot find variant'],
      [{ form: { id: '999' } }, 'Cannot find variant'],
      [{ json: { items: [{ id: decaf.variantId, quantity: 1 }, { id: 999 }] } }, 'Cannot find variant'],
      [{ json: { id: kettle.variantId, quantity: 0 } }, 'Quantity must be a whole number of 1 or more'],
      [{ json: { id: kettle.variantId, quantity: -1 } }, 'Quantity must be a whole number of 1 or more'],
      [{ json: { id: kettle.variantId, quantity: 1.5 } }, 'Quantity must be a whole number of 1 or more'],
      [{ form: { id: kettle.variantId, quantity: 'two' } }, 'Quantity must be a whole number of 1 or more'],
      [{ json: { id: kenya.variantId, quantity: 2 } }, `You can't add more ${kenya.title} to the cart.`],
    ];
    for (const [init, description] of refused) {
      const res = await c.request('/demo/store/cart/add.js', init);
      expect(res.status, JSON.stringify(init)).toBe(422);
      expect(res.json()).toEqual({ status: 422, message: 'Cart Error', description });
    }
    expect(await c.cart()).toEqual(before);
  });

  it('answers a malformed request with Shopify\'s 400 and changes nothing', async () => {
    const c = shopper();
    await c.request('/demo/store/cart/add.js', { json: { id: kenya.variantId } });
    const before = await c.cart();
    const malformed: [string, Record<string, unknown>][] = [
      ['add.js', { json: {} }],
      ['add.js', { json: [1] }],
      ['add.js', { json: { items: [] } }],
      ['add.js', { body: '{"id": ', headers: { 'content-type': 'application/json' } }],
      ['add.js', { body: 'id=4400004', headers: { 'content-type': 'text/plain' } }],
      ['add.js', { form: { 'items[0][id][x][y]': '1' } }],
      ['change.js', { json: { quantity: 1 } }],
      ['change.js', { json: { line: 1 } }],
      ['update.js', { json: { updates: { 'not-an-id': 1 } } }],
      ['update.js', { json: { updates: 3 } }],
    ];
    for (const [path, init] of malformed) {
      const res = await c.request(`/demo/store/cart/${path}`, init);
      expect(res.status, `${path} ${JSON.stringify(init)}`).toBe(400);
      expect(res.json()).toMatchObject({ status: 'bad_request', message: 'Parameter Missing or Invalid' });
    }
    // zod drops a `__proto__` key rather than applying it.
    expect((await c.request('/demo/store/cart/update.js', { body: '{"updates": {"__proto__": 1}}', headers: { 'content-type': 'application/json' } })).status).toBe(200);
    const big = await c.request('/demo/store/cart/add.js', { json: { id: kenya.variantId, properties: { note: 'x'.repeat(5000) } } });
    expect(big.status).toBe(413);
    expect(await c.cart()).toEqual(before);
  });

  it('change.js sets one line by position, line key or variant id; 0 removes it', async () => {
    const c = shopper();
    await c.request('/demo/store/cart/add.js', { json: { items: [{ id: kenya.variantId, quantity: 1 }, { id: kettle.variantId, quantity: 1 }, { id: decaf.variantId, quantity: 1 }] } });
    const key = (await c.cart()).items[1]!.key;

    const byLine = await c.request('/demo/store/cart/change.js', { json: { line: 1, quantity: 4 } });
    expect(byLine.status).toBe(200);
    expect(byLine.json()).toMatchObject({ item_count: 6, total_price: 4 * 1690 + 5900 + 1350 });
    expect((await c.request('/demo/store/cart/change.js', { json: { id: key, quantity: 2 } })).status).toBe(200);
    expect((await c.request('/demo/store/cart/change.js', { form: { id: decaf.variantId, quantity: '0' } })).status).toBe(200);
    expect(await c.lines()).toEqual([[4400004, 4], [4400011, 2]]);

    const refused: [Record<string, unknown>, number, unknown][] = [
      [{ line: 3, quantity: 1 }, 400, { status: 'bad_request', message: 'no valid id or line parameter' }],
      [{ line: 0, quantity: 1 }, 400, { status: 'bad_request' }],
      [{ id: decaf.variantId, quantity: 1 }, 400, { status: 'bad_request' }],
      [{ line: 1, quantity: -1 }, 422, { status: 422, message: 'Cart Error', description: 'Quantity must be a whole number of 0 or more' }],
      [{ line: 1, quantity: 100 }, 422, { status: 422, description: `You can't add more ${kenya.title} to the cart.` }],
    ];
    for (const [json, status, body] of refused) {
      const res = await c.request('/demo/store/cart/change.js', { json });
      expect(res.status, JSON.stringify(json)).toBe(status);
      expect(res.json()).toMatchObject(body as object);
    }
    expect(await c.lines()).toEqual([[4400004, 4], [4400011, 2]]);
  });

  it('update.js sets many lines by variant id (adding new ones) or by position; form bodies too', async () => {
    const c = shopper();
    await c.request('/demo/store/cart/add.js', { json: { items: [{ id: kenya.variantId, quantity: 1 }, { id: kettle.variantId, quantity: 1 }] } });
    const byId = await c.request('/demo/store/cart/update.js', { json: { updates: { [kenya.variantId]: 3, [kettle.variantId]: 0, [decaf.variantId]: 2 } } });
    expect(byId.status).toBe(200);
    expect((byId.json() as Cart).items.map((i) => [i.id, i.quantity])).toEqual([[4400004, 3], [4400005, 2]]);
    // Positions refer to the cart as it was, even when an earlier line goes.
    await c.request('/demo/store/cart/update.js', { json: { updates: [0, 5] } });
    expect(await c.lines()).toEqual([[4400005, 5]]);
    await c.request('/demo/store/cart/update.js', { form: { [`updates[${kettle.variantId}]`]: '1' } });
    expect(await c.lines()).toEqual([[4400005, 5], [4400011, 1]]);

    const before = await c.cart();
    const unknown = await c.request('/demo/store/cart/update.js', { json: { updates: { [kenya.variantId]: 1, '999': 1 } } });
    expect(unknown.status).toBe(422);
    expect((await c.request('/demo/store/cart/update.js', { json: { updates: [1, 1, 1] } })).status).toBe(400);
    expect(await c.cart()).toEqual(before);

    const cleared = await c.request('/demo/store/cart/clear.js', { method: 'POST' });
    expect(cleared.json()).toMatchObject({ token: before.token, item_count: 0, items: [] });
    expect((await c.cart()).token).toBe(before.token);
  });

  it('classic form posts without .js redirect to the cart page; a refused one shows why', async () => {
    const c = shopper();
    const added = await c.request('/demo/store/cart/add', { form: { form_type: 'product', id: kenya.variantId, quantity: '2' } });
    expect(added.status).toBe(303);
    expect(added.location).toBe('/demo/store/cart');
    const token = c.jar.get('demo_cart_token');
    expect(token).toMatch(/^[0-9a-f]{32}$/);

    const refused = await c.request('/demo/store/cart/add', { form: { id: '999', quantity: '1' } });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('<h1>Cart error</h1><p>Cannot find variant</p>');
    expect((await c.request('/demo/store/cart/add', { form: { quantity: '1' } })).status).toBe(400);

    await c.request('/demo/store/cart/add', { form: { id: kettle.variantId } });
    expect((await c.request('/demo/store/cart/change', { form: { line: '1', quantity: '0' } })).location).toBe('/demo/store/cart');
    expect((await c.request('/demo/store/cart/update', { form: { [`updates[${kettle.variantId}]`]: '3' } })).location).toBe('/demo/store/cart');
    const cart = await c.cart();
    expect(cart.items.map((i) => [i.id, i.quantity])).toEqual([[4400011, 3]]);
    expect(cart.token).toBe(token);
  });

  it('keeps each shopper\'s cart in their cookie; a tampered cookie reads as an empty cart', async () => {
    const a = shopper();
    const b = shopper();
    await a.request('/demo/store/cart/add.js', { json: { id: kenya.variantId } });
    expect(await a.lines()).toEqual([[4400004, 1]]);
    expect(await b.lines()).toEqual([]);
    expect((await b.cart()).token).not.toBe((await a.cart()).token);

    a.jar.set('demo_cart', 'bm90LWpzb24');
    expect(await a.lines()).toEqual([]);
    a.jar.set('demo_cart', Buffer.from(JSON.stringify([[kenya.id, 500]])).toString('base64url'));
    expect(await a.lines()).toEqual([]);
  });
});
