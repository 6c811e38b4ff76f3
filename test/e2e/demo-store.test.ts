import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { buildCheckoutPixel } from '../../extensions/checkout-pixel/build-checkout-pixel.js';
import { launchChromium } from '../helpers/launch-chromium.js';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const WINDOWS_CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

interface StoredRow { name: string; device: string; os: string; browser: string; source: string; visitorId: string; profileId: number; properties: string; pagePath: string }

/** Opens a browser context that records console errors and what the tracker and the pixel posted, with the answers. */
async function shopper(browser: Browser, options: { userAgent: string; mobile: boolean }) {
  const context: BrowserContext = await browser.newContext({
    userAgent: options.userAgent,
    viewport: options.mobile ? { width: 390, height: 844 } : { width: 1280, height: 900 },
    hasTouch: options.mobile,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  const posts: { url: string; status: number }[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => {
    if (r.request().method() === 'POST' && (r.url().includes('/apps/') || new URL(r.url()).pathname === '/collect')) posts.push({ url: r.url(), status: r.status() });
  });
  return { context, page, errors, posts };
}

describe('demo storefront in a real browser', () => {
  let t: TestApp;
  let browser: Browser;

  const rows = (where: string, ...args: unknown[]) =>
    t.db.prepare(`SELECT name, device, os, browser, source, visitor_id AS visitorId, profile_id AS profileId, properties, page_path AS pagePath
      FROM events WHERE shop_id = ? AND ${where} ORDER BY occurred_at, id`).all(t.shop.id, ...args) as StoredRow[];

  /** Beacons are asynchronous: wait until the events are committed. */
  async function waitForEvent(name: string, timeoutMs = 10_000, count = 1): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (rows('name = ?', name).length >= count) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no ${name} event stored within ${timeoutMs} ms`);
  }

  beforeAll(async () => {
    // The checkout's web pixel bundle the demo serves (git-ignored), built from the source under test.
    await buildCheckoutPixel();
    t = await startTestApp();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('a mobile shopper views a product, adds it to cart and checks out: the storefront arrives through /proxy/collect, checkout through the web pixel', async () => {
    const { context, page, errors, posts } = await shopper(browser, { userAgent: IPHONE, mobile: true });
    await page.goto(`${t.baseUrl}/demo/store`);
    await page.getByRole('button', { name: 'Accept' }).click();
    await page.getByRole('link', { name: 'Coffee' }).first().click();
    await page.getByRole('link', { name: /Kenya Nyeri/ }).click();
    await page.getByLabel('Quantity').fill('2');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.waitForURL('**/demo/store/cart');
    await page.getByRole('link', { name: 'Check out' }).click();
    // Like a shopper, spend a moment on each step: the pixel sends a batch a second after its first event.
    await waitForEvent('Checkout_Started');
    await page.getByLabel('Email').fill('e2e.shopper@example.com');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL('**/checkout/shipping');
    await waitForEvent('Checkout_ContactSubmitted');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL('**/checkout/payment');
    await waitForEvent('Checkout_ShippingSubmitted', 10_000, 2);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Thank you for your order' }).waitFor();
    await waitForEvent('Checkout_Completed');

    const events = rows('1 = 1');
    const names = (source: string) => new Set(events.filter((e) => e.source === source).map((e) => e.name));
    expect([...names('storefront')]).toEqual(expect.arrayContaining(['Page_Viewed', 'Collection_Viewed', 'Product_Viewed', 'Cart_ItemAdded', 'Cart_Viewed']));
    expect([...names('storefront')].filter((n) => n.startsWith('Checkout_') || n.startsWith('Payment_'))).toEqual([]);
    expect([...names('pixel')].sort()).toEqual(['Checkout_Completed', 'Checkout_ContactSubmitted', 'Checkout_ShippingSubmitted', 'Checkout_Started', 'Payment_Submitted']);
    expect(new Set(events.map((e) => `${e.device}/${e.os}/${e.browser}`))).toEqual(new Set(['mobile/iOS/Safari']));
    expect(new Set(events.map((e) => e.visitorId)).size).toBe(1);
    expect(new Set(events.map((e) => e.profileId)).size).toBe(1);
    const added = JSON.parse(events.find((e) => e.name === 'Cart_ItemAdded')!.properties);
    expect(added).toMatchObject({ productId: '8100004', quantity: 2, currency: 'EUR' });
    const completed = JSON.parse(events.find((e) => e.name === 'Checkout_Completed')!.properties);
    expect(completed).toMatchObject({ orderId: expect.stringMatching(/^\d+$/), itemCount: 2, total: 38.7, currency: 'EUR' });

    // The address typed at checkout is an identifier of this shopper, never part of an event.
    const emailProfile = t.db.prepare("SELECT profile_id FROM identifiers WHERE shop_id = ? AND kind = 'email' AND value = 'e2e.shopper@example.com'").pluck().get(t.shop.id);
    expect(emailProfile).toBe(events[0]!.profileId);
    expect(events.some((e) => e.properties.includes('@'))).toBe(false);

    // The tracker only ever talked to the storefront's proxy path, the pixel to /collect, and every post was accepted.
    const proxied = posts.filter((p) => p.url.includes('/apps/'));
    expect(proxied.length).toBeGreaterThan(3);
    for (const post of proxied) expect(post).toEqual({ url: `${t.baseUrl}/apps/segments/collect`, status: 202 });
    const collected = posts.filter((p) => !p.url.includes('/apps/'));
    expect(collected.length).toBeGreaterThanOrEqual(4);
    for (const post of collected) expect(post).toEqual({ url: `${t.baseUrl}/collect`, status: 202 });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a desktop shopper who logs in as a demo customer is identified with that customer id', async () => {
    const { context, page, errors } = await shopper(browser, { userAgent: WINDOWS_CHROME, mobile: false });
    await page.goto(`${t.baseUrl}/demo/store/collections/tea`);
    await page.getByRole('button', { name: 'Accept' }).click();
    await page.getByLabel('Log in as').selectOption({ label: 'Demo customer 1' });
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('Logged in as').waitFor();
    await waitForEvent('Customer_Identified');

    const identified = rows("name = 'Customer_Identified'");
    expect(identified).toHaveLength(1);
    expect(identified[0]).toMatchObject({ device: 'desktop', os: 'Windows', browser: 'Chrome', pagePath: '/demo/store/collections/tea' });
    const customerProfile = t.db.prepare("SELECT profile_id FROM identifiers WHERE shop_id = ? AND kind = 'customer' AND value = '7000000000000'").pluck().get(t.shop.id);
    expect(customerProfile).toBe(identified[0]!.profileId);
    // The page views before the login belong to the same shopper.
    const visitorEvents = rows('visitor_id = ?', identified[0]!.visitorId);
    expect(new Set(visitorEvents.map((e) => e.profileId))).toEqual(new Set([customerProfile]));
    expect(errors).toEqual([]);
    await context.close();
  });

  it('sends nothing when the shopper declines the consent banner', async () => {
    const { context, page, posts } = await shopper(browser, { userAgent: IPHONE, mobile: true });
    const before = rows('1 = 1').length;
    await page.goto(`${t.baseUrl}/demo/store`);
    await page.getByRole('button', { name: 'Decline' }).click();
    await page.getByRole('link', { name: 'Tea' }).first().click();
    await page.getByRole('link', { name: /Sencha/ }).click();
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as unknown as { Shopify: { customerPrivacy: { analyticsProcessingAllowed(): boolean } } }).Shopify.customerPrivacy.analyticsProcessingAllowed())).toBe(false);
    expect(posts).toEqual([]);
    expect(rows('1 = 1').length).toBe(before);
    await context.close();
  });
});
