import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PRODUCTS } from '../../server/demo/demo-catalog.js';
import { DEMO_LOGIN_CUSTOMERS } from '../../server/demo/demo-customers.js';
import { launchChromium } from '../helpers/launch-chromium.js';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';

const ANDROID = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';
const MAC_CHROME = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const [first, second] = DEMO_PRODUCTS as [(typeof DEMO_PRODUCTS)[number], (typeof DEMO_PRODUCTS)[number]];

interface Row {
  name: string;
  device: string;
  visitorId: string;
  sessionId: string;
  cartToken: string | null;
  pagePath: string;
  gpc: number;
  marketing: number | null;
  saleOfData: number | null;
  properties: Record<string, unknown>;
}

/**
 * The real storefront tracker (extensions/storefront-tracker, rendered by the demo store through its app
 * embed block) in Chromium, through the simulated app proxy into the real /proxy/collect. Every check
 * reads what the server stored.
 */
describe('storefront tracker in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  const rows = (): Row[] =>
    (t.db.prepare(`SELECT name, device, visitor_id AS visitorId, session_id AS sessionId, cart_token AS cartToken,
        page_path AS pagePath, gpc, consent_marketing AS marketing, consent_sale_of_data AS saleOfData, properties
      FROM events WHERE shop_id = ? ORDER BY occurred_at, id`).all(t.shop.id) as (Row & { properties: string })[])
      .map((r) => ({ ...r, properties: JSON.parse(r.properties) as Record<string, unknown> }));
  const named = (name: string) => rows().filter((r) => r.name === name);

  async function waitFor(check: () => boolean, what: string, timeoutMs = 12_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (check()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${what} not stored within ${timeoutMs} ms; stored: ${rows().map((r) => r.name).join(', ')}`);
  }
  const waitForCount = (name: string, count: number) => waitFor(() => named(name).length >= count, `${count} × ${name}`);

  async function shopper(options: { mobile?: boolean; init?: string } = {}): Promise<{ page: Page; errors: string[]; posts: string[] }> {
    const context = await browser.newContext(options.mobile
      ? { userAgent: ANDROID, viewport: { width: 412, height: 915 }, hasTouch: true, isMobile: true }
      : { userAgent: MAC_CHROME, viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    if (options.init) await context.addInitScript(options.init);
    const page = await context.newPage();
    const errors: string[] = [];
    const posts: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('request', (r) => { if (r.url().includes('/apps/segments/')) posts.push(r.url()); });
    return { page, errors, posts };
  }
  const accept = (page: Page) => page.getByRole('button', { name: 'Accept' }).click();
  const store = (path = '') => `${t.baseUrl}/demo/store${path}`;

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_IP: '100000' } });
    browser = await launchChromium();
  });
  beforeEach(async () => {
    // Closing a context fires pagehide, whose beacons land late: close first, then wait them out, then clear.
    await Promise.all(contexts.splice(0).map((c) => c.close()));
    await new Promise((r) => setTimeout(r, 300));
    t.db.exec('DELETE FROM events');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('captures views, a classic form add, a fetch add and a cart change, with ids, prices and the cart token', async () => {
    const { page, errors } = await shopper({ mobile: true });
    await page.goto(store(`/products/${first.handle}`));
    await accept(page);
    await waitForCount('Product_Viewed', 1);

    // Classic form post to /cart/add (the page then navigates to the cart).
    await page.getByLabel('Quantity').fill('2');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.waitForURL('**/demo/store/cart');
    // fetch('/cart/add.js') from the theme's own script, for a second product.
    await page.goto(store(`/products/${second.handle}`));
    await page.getByRole('button', { name: 'Quick add' }).click();
    await page.getByText('Cart (3)').waitFor();
    // The cart page's remove button: the theme sends fetch('/cart/change.js', {line, quantity: 0}).
    await page.goto(store('/cart'));
    await page.getByRole('button', { name: `Remove ${first.title}` }).click();
    await page.getByText('Cart (1)').waitFor();
    await page.goto(store('/search?q=kenya'));
    await waitForCount('Search_Submitted', 1);
    await waitForCount('Cart_ItemRemoved', 1);

    const product = named('Product_Viewed')[0]!;
    expect(product.properties).toEqual({
      productId: first.id, variantId: first.variantId, title: first.title, price: first.price, currency: 'EUR',
    });
    expect(product.device).toBe('mobile');
    const added = named('Cart_ItemAdded').map((r) => r.properties);
    expect(added).toEqual([
      { productId: first.id, variantId: first.variantId, title: first.title, price: first.price, quantity: 2, currency: 'EUR' },
      // The add.js answer reports the line's total; the tracker counts what this request added.
      { productId: second.id, variantId: second.variantId, title: second.title, price: second.price, quantity: 1, currency: 'EUR' },
    ]);
    expect(named('Cart_ItemRemoved').map((r) => r.properties)).toEqual([
      { productId: first.id, variantId: first.variantId, title: first.title, price: first.price, quantity: 2, currency: 'EUR' },
    ]);
    expect(named('Cart_Viewed')[0]!.properties).toMatchObject({ itemCount: 2, total: first.price * 2, currency: 'EUR' });
    expect(named('Search_Submitted')[0]!.properties).toMatchObject({ query: 'kenya' });

    const all = rows();
    expect(new Set(all.map((r) => r.visitorId)).size).toBe(1);
    expect(new Set(all.map((r) => r.sessionId)).size).toBe(1);
    expect(all.filter((r) => r.device !== 'mobile').map((r) => `${r.name} ${r.pagePath}`)).toEqual([]);
    // Once a cart event revealed the token (from /cart.js or a change answer) every later event carries it.
    const token = named('Cart_ItemRemoved')[0]!.cartToken;
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(named('Search_Submitted')[0]!.cartToken).toBe(token);
    expect(errors).toEqual([]);
  });

  it('sees XMLHttpRequest cart calls and /cart/update.js too', async () => {
    const { page, errors } = await shopper();
    await page.goto(store(`/products/${first.handle}`));
    await accept(page);
    await page.evaluate(async (variant) => {
      await new Promise<void>((resolve) => {
        const xhr = new XMLHttpRequest();
        xhr.open('POST', '/demo/store/cart/add.js');
        xhr.setRequestHeader('Content-Type', 'application/x-www-form-urlencoded');
        xhr.onload = () => resolve();
        xhr.send(`id=${variant}&quantity=3`);
      });
      await fetch('/demo/store/cart/update.js', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ updates: { [variant]: 1 } }) });
    }, first.variantId);
    await waitForCount('Cart_ItemRemoved', 1);
    expect(named('Cart_ItemAdded').map((r) => r.properties.quantity)).toEqual([3]);
    expect(named('Cart_ItemRemoved').map((r) => r.properties)).toEqual([expect.objectContaining({ variantId: first.variantId, quantity: 2 })]);
    expect(named('Cart_ItemAdded')[0]!.device).toBe('desktop');
    expect(errors).toEqual([]);
  });

  it('without consent stores nothing, sets no cookie or storage entry, and sends nothing', async () => {
    const { page, posts, errors } = await shopper();
    await page.goto(store(`/products/${first.handle}`));
    await page.getByRole('button', { name: 'Decline' }).click();
    await page.getByRole('link', { name: 'Coffee' }).first().click();
    await page.goto(store('/'));
    await page.waitForTimeout(1500);
    const storage = await page.evaluate(() => ({ keys: Object.keys(localStorage), cookie: document.cookie }));
    expect(storage.keys.filter((k) => k.startsWith('ss_'))).toEqual([]);
    expect(storage.cookie).not.toMatch(/ss_/);
    expect(posts).toEqual([]);
    expect(rows()).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('starts tracking without a reload once the shopper accepts, including the page already viewed', async () => {
    const { page, posts } = await shopper();
    await page.goto(store(`/products/${first.handle}`));
    await page.waitForTimeout(800);
    expect(posts).toEqual([]);
    await accept(page);
    await waitForCount('Product_Viewed', 1);
    expect(named('Page_Viewed')).toHaveLength(1);
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem('ss_vid') ?? 'null')?.id)).toBe(rows()[0]!.visitorId);
  });

  it('sends Global Privacy Control, which the server stores as no marketing and no sale of data', async () => {
    const { page } = await shopper({ init: "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true })" });
    await page.goto(store('/'));
    await accept(page);
    await waitForCount('Page_Viewed', 1);
    expect(named('Page_Viewed')[0]).toMatchObject({ gpc: 1, marketing: 0, saleOfData: 0 });
  });

  it('reports rage clicks and a dead click, and nothing for normal clicking', async () => {
    const { page } = await shopper();
    await page.goto(store(`/products/${first.handle}`));
    await accept(page);
    await waitForCount('Product_Viewed', 1);
    // Normal clicking: a working button (it changes the page), then clicks far apart in space and time.
    await page.getByRole('button', { name: 'Quick add' }).click();
    await page.getByText('Cart (1)').waitFor();
    await page.mouse.click(200, 300);
    await page.waitForTimeout(800);
    await page.mouse.click(600, 500);
    await page.waitForTimeout(1500);
    // A button that does nothing, clicked once; then four fast clicks on the same spot of the heading.
    await page.evaluate(() => {
      const b = document.createElement('button');
      b.id = 'broken-size-guide';
      b.type = 'button';
      b.textContent = 'Size guide';
      document.querySelector('main')!.prepend(b);
    });
    await page.waitForTimeout(50);
    await page.click('#broken-size-guide');
    const heading = await page.locator('h1').boundingBox();
    for (let i = 0; i < 4; i++) await page.mouse.click(heading!.x + 10, heading!.y + 5, { delay: 20 });
    await page.waitForTimeout(1500);
    await page.goto(store('/')); // pagehide sends what waits
    await waitForCount('Element_RageClicked', 1);
    await waitForCount('Element_DeadClicked', 1);
    expect(named('Element_DeadClicked').map((r) => r.properties)).toEqual([{ selector: 'button#broken-size-guide' }]);
    expect(named('Element_RageClicked').map((r) => r.properties)).toEqual([{ selector: 'h1', clicks: 4 }]);
  });

  it('reports a u-turn when the shopper leaves a page within seconds of arriving from another store page', async () => {
    const { page } = await shopper();
    await page.goto(store('/'));
    await accept(page);
    await page.getByRole('link', { name: 'Coffee' }).first().click();
    await page.waitForURL('**/collections/coffee');
    await page.goBack();
    await waitForCount('Page_UTurned', 1);
    const [uturn] = named('Page_UTurned');
    expect(uturn!.pagePath).toBe('/demo/store/collections/coffee');
    expect(uturn!.properties).toMatchObject({ fromPath: '/demo/store/' });
    expect(uturn!.properties.dwellMs).toBeLessThan(5000);
  });

  it('identifies a logged-in customer once per session', async () => {
    const { page } = await shopper();
    await page.goto(store('/'));
    await accept(page);
    const customer = DEMO_LOGIN_CUSTOMERS[1]!;
    await page.getByLabel('Log in as').selectOption(customer.id);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText(`Logged in as`).waitFor();
    await page.getByRole('link', { name: 'Coffee' }).first().click();
    await page.waitForURL('**/collections/coffee');
    await page.goto(store('/'));
    await waitForCount('Page_Viewed', 4);
    expect(named('Customer_Identified')).toHaveLength(1);
    const profiles = t.db.prepare("SELECT DISTINCT profile_id FROM events WHERE shop_id = ? AND name = 'Page_Viewed'").all(t.shop.id);
    expect(profiles).toHaveLength(1);
    const customerProfile = t.db.prepare("SELECT profile_id FROM identifiers WHERE kind = 'customer' AND value = ?").pluck().get(customer.id);
    expect(customerProfile).toBeDefined();
  });

  it('keeps working on a page that blocks cookies and localStorage', async () => {
    const blocked = `
      Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('blocked', 'SecurityError'); } });
      Object.defineProperty(Document.prototype, 'cookie', { get() { throw new DOMException('blocked', 'SecurityError'); }, set() { throw new DOMException('blocked', 'SecurityError'); } });
    `;
    const { page, errors } = await shopper({ init: blocked });
    await page.goto(store(`/products/${first.handle}`));
    // The demo's consent banner keeps its choice in localStorage too; with that blocked it remembers it for the page.
    await accept(page);
    await waitForCount('Product_Viewed', 1);
    await page.getByRole('button', { name: 'Quick add' }).click();
    await waitForCount('Cart_ItemAdded', 1);
    expect(errors.filter((e) => !/blocked/.test(e))).toEqual([]);
  });
});
