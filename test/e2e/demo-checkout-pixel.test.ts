import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildCheckoutPixel } from '../../extensions/checkout-pixel/build-checkout-pixel.js';
import { productByHandle } from '../../server/demo/demo-catalog.js';
import { launchChromium } from '../helpers/launch-chromium.js';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';

const MAC_CHROME = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const EMAIL = 'pixel.buyer@example.com';
const kenya = productByHandle('kenya-nyeri')!;
// What the storefront tracker sends; the pixel must leave all of these to it while it runs.
const STOREFRONT_NAMES = ['Page_Viewed', 'Product_Viewed', 'Collection_Viewed', 'Search_Submitted', 'Cart_Viewed', 'Cart_ItemAdded', 'Cart_ItemRemoved'];

interface Row {
  name: string;
  source: string;
  visitorId: string;
  profileId: number;
  checkoutToken: string | null;
  pagePath: string;
  device: string;
  properties: Record<string, unknown>;
}

/**
 * The demo checkout in Chromium with the real built web pixel (extensions/checkout-pixel) running in the
 * demo's pixel host (a Worker, like Shopify's strict sandbox), posting to the real /collect. Every check
 * reads what the server stored.
 */
describe('demo checkout through the real web pixel, in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  const rows = (): Row[] =>
    (t.db.prepare(`SELECT name, source, visitor_id AS visitorId, profile_id AS profileId, checkout_token AS checkoutToken,
        page_path AS pagePath, device, properties FROM events WHERE shop_id = ? ORDER BY occurred_at, id`).all(t.shop.id) as (Row & { properties: string })[])
      .map((r) => ({ ...r, properties: JSON.parse(r.properties) as Record<string, unknown> }));
  const fromPixel = () => rows().filter((r) => r.source === 'pixel');

  async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (check()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${what} not stored within ${timeoutMs} ms; stored: ${rows().map((r) => `${r.source}:${r.name}`).join(', ')}`);
  }
  const waitForPixel = (name: string, count = 1) => waitFor(() => fromPixel().filter((r) => r.name === name).length >= count, `${count} × pixel ${name}`);

  async function shopper(): Promise<{ page: Page; context: BrowserContext; errors: string[]; collects: string[] }> {
    const context = await browser.newContext({ userAgent: MAC_CHROME, viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    const collects: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    // Requests from the pixel's Worker are the page's too.
    page.on('request', (r) => { if (new URL(r.url()).pathname === '/collect') collects.push(r.method()); });
    return { page, context, errors, collects };
  }

  /** Product page → classic add to cart → cart → checkout's contact page. */
  async function toCheckout(page: Page, consent: 'Accept' | 'Decline' | null): Promise<void> {
    await page.goto(`${t.baseUrl}/demo/store/products/${kenya.handle}`);
    if (consent) await page.getByRole('button', { name: consent }).click();
    if (consent === 'Accept') await waitFor(() => rows().some((r) => r.name === 'Product_Viewed'), 'storefront Product_Viewed');
    await page.getByLabel('Quantity').fill('2');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.waitForURL('**/demo/store/cart');
    await page.getByRole('link', { name: 'Check out' }).click();
    await page.waitForURL('**/demo/store/checkout');
  }

  beforeAll(async () => {
    // The bundle the demo serves (extensions/checkout-pixel/dist/, git-ignored), built from the source under test.
    await buildCheckoutPixel();
    t = await startTestApp({ env: { RATE_LIMIT_PER_IP: '100000' } });
    browser = await launchChromium();
  });
  beforeEach(async () => {
    t.db.exec('DELETE FROM events; DELETE FROM identifiers; DELETE FROM profiles');
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('sends every checkout step with the storefront’s visitor, the order and the email as an identifier, and no storefront duplicates', async () => {
    const { page, context, errors, collects } = await shopper();
    await toCheckout(page, 'Accept');
    // A shopper takes seconds per step; the pixel sends a batch a second after its first event.
    await waitForPixel('Checkout_Started');
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL('**/checkout/shipping');
    await waitForPixel('Checkout_ContactSubmitted');
    await page.getByLabel('Country').selectOption('DE');
    await page.getByLabel('Express').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL('**/checkout/payment');
    await waitForPixel('Checkout_ShippingSubmitted', 2);
    await page.getByLabel('PayPal').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    const orderId = (await page.locator('p.lead').textContent())!.match(/Order (\d+) is confirmed/)![1]!;
    await waitForPixel('Checkout_Completed');
    // Time for anything the pixel might still send from the storefront pages' events.
    await page.goto(`${t.baseUrl}/demo/store/search?q=tea`);
    await waitFor(() => rows().some((r) => r.name === 'Search_Submitted'), 'storefront Search_Submitted');
    await page.waitForTimeout(1500);

    const pixel = fromPixel();
    expect(pixel.map((r) => r.name)).toEqual([
      'Checkout_Started', 'Checkout_ContactSubmitted', 'Checkout_ShippingSubmitted', 'Checkout_ShippingSubmitted', 'Payment_Submitted', 'Checkout_Completed',
    ]);
    // The storefront is the tracker's: the pixel heard its pages' events too and sent none of them.
    const storefront = rows().filter((r) => r.source === 'storefront');
    expect(storefront.map((r) => r.name)).toEqual(expect.arrayContaining(['Page_Viewed', 'Product_Viewed', 'Cart_ItemAdded', 'Cart_Viewed', 'Search_Submitted']));
    expect(rows().filter((r) => STOREFRONT_NAMES.includes(r.name)).every((r) => r.source === 'storefront')).toBe(true);

    // One shopper: the pixel read the tracker's ss_vid, so checkout joins the storefront without guessing.
    const visitor = await page.evaluate(() => (JSON.parse(localStorage.getItem('ss_vid') ?? 'null') as { id: string } | null)?.id);
    expect(new Set(rows().map((r) => r.visitorId))).toEqual(new Set([visitor]));
    expect(new Set(rows().map((r) => r.profileId)).size).toBe(1);
    const checkoutTokens = new Set(pixel.map((r) => r.checkoutToken));
    expect(checkoutTokens.size).toBe(1);
    expect([...checkoutTokens][0]).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(pixel.map((r) => r.device))).toEqual(new Set(['desktop']));
    expect(pixel.map((r) => r.pagePath)).toEqual([
      '/demo/store/checkout', '/demo/store/checkout/shipping', '/demo/store/checkout/payment', '/demo/store/checkout/payment', '/demo/store/thank-you', '/demo/store/thank-you',
    ]);

    const byName = (name: string) => pixel.filter((r) => r.name === name).map((r) => r.properties);
    expect(byName('Checkout_Started')).toEqual([{ itemCount: 2, total: 38.7, currency: 'EUR' }]);
    expect(byName('Checkout_ContactSubmitted')).toEqual([{ acceptsMarketing: false }]);
    expect(byName('Checkout_ShippingSubmitted')).toEqual([{ countryCode: 'DE' }, { shippingMethod: 'Express', countryCode: 'DE' }]);
    expect(byName('Payment_Submitted')).toEqual([{ paymentMethod: 'offsite' }]);
    expect(byName('Checkout_Completed')).toEqual([{
      orderId, itemCount: 2, total: 38.7, currency: 'EUR',
      lineItems: [{ productId: kenya.id, variantId: kenya.variantId, title: kenya.title, quantity: 2, price: kenya.price }],
    }]);

    // The address typed at checkout is an identifier of this shopper, never part of an event.
    const identifier = (kind: string) => t.db.prepare('SELECT value, profile_id AS profileId FROM identifiers WHERE shop_id = ? AND kind = ?').all(t.shop.id, kind) as { value: string; profileId: number }[];
    expect(identifier('email')).toEqual([{ value: EMAIL, profileId: pixel[0]!.profileId }]);
    expect(rows().some((r) => JSON.stringify(r.properties).includes('@'))).toBe(false);
    // Shopify's client id, kept in the first-party cookie the pixel host sets, is the pixel's extra identifier.
    const clientCookie = (await context.cookies()).find((c) => c.name === '_shopify_y');
    expect(identifier('client')).toEqual([{ value: clientCookie!.value, profileId: pixel[0]!.profileId }]);

    expect(collects.length).toBeGreaterThanOrEqual(4);
    expect(errors).toEqual([]);
  });

  it('sends nothing and sets no client id when the shopper declines', async () => {
    const { page, context, errors, collects } = await shopper();
    await toCheckout(page, 'Decline');
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Thank you for your order' }).waitFor();
    await page.waitForTimeout(2000);
    expect(collects).toEqual([]);
    expect(rows()).toEqual([]);
    expect((await context.cookies()).map((c) => c.name).filter((name) => !name.startsWith('demo_'))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('starts the pixel without a reload when consent comes on a checkout page', async () => {
    const { page } = await shopper();
    await toCheckout(page, null);
    await page.waitForTimeout(1500);
    expect(rows()).toEqual([]);
    await page.getByRole('button', { name: 'Accept' }).click();
    await waitForPixel('Checkout_Started');
    // No tracker ran on this browser (no consent on the storefront), so the pixel is the only capture: it sends
    // the page view too, and its visitor is Shopify's client id.
    expect(fromPixel().map((r) => r.name)).toEqual(['Page_Viewed', 'Checkout_Started']);
    const clientId = (await page.context().cookies()).find((c) => c.name === '_shopify_y')!.value;
    expect(fromPixel()[0]!.visitorId).toBe(clientId);
  });
});
