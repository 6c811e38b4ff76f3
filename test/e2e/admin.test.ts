import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/launch-chromium.js';
import { startSeededAdmin } from '../helpers/start-seeded-admin.js';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';
import { ARTIFACTS, SHOPIFY_QUERY, openPage } from './admin-page-kit.js';

/** Marks the document, so a later check tells an in-app navigation from a reload. */
const markDocument = (page: Page) => page.evaluate(() => { (window as { marker?: number }).marker = 1; });
const sameDocument = (page: Page) => page.evaluate(() => (window as { marker?: number }).marker === 1);
const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();
const current = (page: Page) => page.locator('nav[aria-label="Main"] a[aria-current="page"]').innerText();

describe('the admin shell: routes and navigation', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    t = await startSeededAdmin({ shoppers: 100, days: 14 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('moves between Home, Segments, Destinations and Settings without reloading, keeps the query string, and follows back and forward', async () => {
    const { page, errors, offline } = await openPage(browser);
    await page.goto(`${t.baseUrl}/${SHOPIFY_QUERY}`);
    await page.getByRole('heading', { name: 'Tracking health' }).waitFor();
    expect(await h1(page)).toBe('Home');
    expect(await current(page)).toBe('Home');
    expect(await page.locator('nav[aria-label="Main"] a').allInnerTexts()).toEqual(['Home', 'Segments', 'Destinations', 'Settings']);
    expect(await page.getByText('Demo mode', { exact: true }).count()).toBe(1);
    expect(await page.title()).toBe('Home · Shopper Segments');
    await markDocument(page);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Segments' }).click();
    await page.waitForURL(`${t.baseUrl}/segments${SHOPIFY_QUERY}`);
    expect(await current(page)).toBe('Segments');
    await page.getByRole('heading', { level: 1, name: /Segments/ }).waitFor();
    // Focus follows the navigation to the new page.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('MAIN');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL(`${t.baseUrl}/settings${SHOPIFY_QUERY}`);
    await page.getByLabel('Cart abandonment window').waitFor();
    expect(await h1(page)).toBe('Settings');
    expect(await page.title()).toBe('Settings · Shopper Segments');

    await page.goBack();
    await page.waitForURL(`${t.baseUrl}/segments${SHOPIFY_QUERY}`);
    expect(await current(page)).toBe('Segments');
    await page.goBack();
    await page.waitForURL(`${t.baseUrl}/${SHOPIFY_QUERY}`);
    await page.getByRole('heading', { name: 'Tracking health' }).waitFor();
    expect(await h1(page)).toBe('Home');
    await page.goForward();
    await page.waitForURL(`${t.baseUrl}/segments${SHOPIFY_QUERY}`);
    expect(await sameDocument(page)).toBe(true);

    expect(errors).toEqual([]);
    expect(offline).toEqual([]);
    await page.close();
  });

  it('is keyboard-usable: Tab reaches the navigation and Enter follows a link', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${t.baseUrl}/${SHOPIFY_QUERY}`);
    await page.getByRole('heading', { name: 'Tracking health' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Home');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Settings');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${t.baseUrl}/settings${SHOPIFY_QUERY}`);
    await page.getByLabel('Cart abandonment window').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens each route directly (a reload or a shared link), and shows a not-found page for unknown paths', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${t.baseUrl}/settings`);
    await page.getByLabel('Data retention').waitFor();
    for (const path of ['/segments', '/segments/new']) {
      await page.goto(`${t.baseUrl}${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await current(page)).toBe('Segments');
    }
    for (const path of ['/no-such-page', '/segments/abc', '/segments/1/nope']) {
      await page.goto(`${t.baseUrl}${path}${SHOPIFY_QUERY}`);
      await page.getByRole('heading', { name: 'Page not found' }).waitFor();
      expect(await page.getByText(path, { exact: true }).count()).toBe(1);
    }
    await page.screenshot({ path: `${ARTIFACTS}/admin-not-found.png`, fullPage: true });
    await page.getByRole('link', { name: 'Go to Home' }).click();
    await page.waitForURL(`${t.baseUrl}/${SHOPIFY_QUERY}`);
    await page.getByRole('heading', { name: 'Tracking health' }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('inside Shopify, gives App Bridge its nav menu (Home as rel=home) instead of the demo bar, and follows its links', async () => {
    const { page, errors } = await openPage(browser);
    // A stand-in for App Bridge's global: session tokens from the demo server.
    await page.addInitScript(() => {
      (window as unknown as { shopify: { idToken(): Promise<string> } }).shopify = {
        idToken: () => fetch('/demo/session-token').then((r) => r.json()).then((b: { token: string }) => b.token),
      };
    });
    await page.goto(`${t.baseUrl}/${SHOPIFY_QUERY}`);
    await page.getByRole('heading', { name: 'Tracking health' }).waitFor();
    const links = page.locator('ui-nav-menu a');
    expect(await links.evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.getAttribute('rel'), a.textContent]))).toEqual([
      ['/', 'home', 'Home'],
      ['/segments', null, 'Segments'],
      ['/destinations', null, 'Destinations'],
      ['/settings', null, 'Settings'],
    ]);
    expect(await page.locator('nav[aria-label="Main"]').count()).toBe(0);
    expect(await page.getByText('Demo mode', { exact: true }).count()).toBe(0);
    await markDocument(page);
    // App Bridge clicks the menu's anchor when the merchant picks an entry in the admin's sidebar.
    await links.nth(3).dispatchEvent('click', { button: 0 });
    await page.waitForURL(`${t.baseUrl}/settings${SHOPIFY_QUERY}`);
    await page.getByLabel('Cart abandonment window').waitFor();
    expect(await sameDocument(page)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the admin document outside demo mode', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { SHOPIFY_API_KEY: 'live-key-1', SHOPIFY_API_SECRET: 'live-secret-1', ENCRYPTION_KEY: '0f'.repeat(32) } });
  });
  afterAll(async () => { await t?.stop(); });

  it('loads App Bridge from Shopify as the first script in head, with the API key and frame-ancestors, on every route', async () => {
    for (const path of ['/', '/segments/12', '/settings']) {
      const res = await fetch(`${t.baseUrl}${path}?shop=cool-shop.myshopify.com&host=abc&embedded=1`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toBe('frame-ancestors https://cool-shop.myshopify.com https://admin.shopify.com;');
      const html = await res.text();
      const head = html.slice(html.indexOf('<head>'), html.indexOf('</head>'));
      expect(head).toContain('<meta name="shopify-api-key" content="live-key-1" />');
      expect(head.indexOf('<script')).toBe(head.indexOf('<script src="https://cdn.shopify.com/shopifycloud/app-bridge.js"></script>'));
    }
    // There is no demo token to fall back on.
    expect((await fetch(`${t.baseUrl}/demo/session-token`)).status).toBe(404);
  });
});
