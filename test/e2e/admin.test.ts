import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/launch-chromium.js';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';
import { insertTestEvents, times } from '../admin-api/insert-test-events.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('../artifacts', import.meta.url));
const HOUR = 60 * 60 * 1000;

/** Opens a page that records console errors, uncaught exceptions and any request that leaves loopback. */
async function openPage(browser: Browser) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  const offline: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => { if (!/^(http:\/\/127\.0\.0\.1:|data:)/.test(r.url())) offline.push(r.url()); });
  return { page, errors, offline };
}

/** The cell texts of the table row whose first cell is `first`, inside the card headed `heading`. */
async function rowOf(page: Page, heading: string, first: string): Promise<string[]> {
  const card = tableCard(page, heading);
  const row = card.getByRole('row').filter({ has: page.getByText(first, { exact: true }) });
  return row.locator('th, td').allInnerTexts();
}

/** The innermost element holding both the heading and a table: the card's content. */
function tableCard(page: Page, heading: string) {
  return page.locator('div').filter({ has: page.getByRole('heading', { name: heading }) }).filter({ has: page.locator('table') }).last();
}

describe('the admin at /', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(`${ROOT}/web/dist/index.html`)) {
      // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
      const env = { ...process.env, NODE_ENV: 'production' };
      execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, env, stdio: 'inherit' });
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    t = await startTestApp();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('shows an empty state before any event arrives', async () => {
    const { page, errors, offline } = await openPage(browser);
    await page.goto(`${t.baseUrl}/`);
    await expect.poll(() => page.getByText('No events in the last 24 hours').count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Open the demo store' }).getAttribute('href')).toBe('/demo/store');
    expect(errors).toEqual([]);
    expect(offline).toEqual([]);
    await page.close();
  });

  it('shows the figures stored for the shop, with no console errors and no network beyond the server', async () => {
    const now = t.clock.now();
    insertTestEvents(t.db, t.shop.id, [
      ...times(4, { name: 'Page_Viewed', device: 'mobile', occurredAt: now - HOUR }),
      ...times(2, { name: 'Page_Viewed', device: 'desktop', occurredAt: now - 2 * HOUR }),
      { name: 'Page_Viewed', device: 'tablet', occurredAt: now - 3 * HOUR },
      ...times(3, { name: 'Product_Viewed', device: 'desktop', occurredAt: now - 4 * HOUR }),
      { name: 'Product_Viewed', device: 'unknown', occurredAt: now - 5 * HOUR },
      ...times(2, { name: 'Cart_ItemAdded', device: 'mobile', occurredAt: now - 6 * HOUR }),
      { name: 'Checkout_Started', device: 'mobile', occurredAt: now - 7 * HOUR },
      ...times(5, { name: 'Collection_Viewed', device: 'desktop', occurredAt: now - 30 * HOUR }), // outside the window
    ]);
    const today = new Date(now).toISOString().slice(0, 10);
    const counter = t.db.prepare('INSERT INTO ingest_counters (shop_id, day, reason, count) VALUES (?, ?, ?, ?)');
    counter.run(t.shop.id, today, 'accepted', 14);
    counter.run(t.shop.id, today, 'no_consent', 3);
    counter.run(t.shop.id, today, 'bot', 2);
    const violation = t.db.prepare('INSERT INTO taxonomy_violations (shop_id, name, count, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?)');
    violation.run(t.shop.id, 'page_view', 12, now - 20 * HOUR, now - HOUR);
    violation.run(t.shop.id, 'addToCart', 5, now - 10 * HOUR, now - 2 * HOUR);
    violation.run(t.shop.id, 'mystery', 1, now - 3 * HOUR, now - 3 * HOUR);

    const { page, errors, offline } = await openPage(browser);
    await page.goto(`${t.baseUrl}/`);
    await page.getByRole('heading', { name: 'Events in the last 24 hours' }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Shopper Segments');
    expect(await page.getByText('demo-shop.myshopify.com').count()).toBe(1);

    const events = 'Events in the last 24 hours';
    expect(await rowOf(page, events, 'Page_Viewed')).toEqual(['Page_Viewed', '4', '1', '2', '0', '7']);
    expect(await rowOf(page, events, 'Product_Viewed')).toEqual(['Product_Viewed', '0', '0', '3', '1', '4']);
    expect(await rowOf(page, events, 'Cart_ItemAdded')).toEqual(['Cart_ItemAdded', '2', '0', '0', '0', '2']);
    expect(await rowOf(page, events, 'Collection_Viewed')).toEqual([]);
    // Busiest first, then the totals row.
    const firstCells = await tableCard(page, events).locator('tbody tr th:first-child, tbody tr td:first-child').allInnerTexts();
    expect(firstCells.slice(0, 4)).toEqual(['Page_Viewed', 'Product_Viewed', 'Cart_ItemAdded', 'Checkout_Started']);
    expect(await rowOf(page, events, 'Totals')).toEqual(['Totals', '7', '1', '5', '1', '14']);

    expect(await rowOf(page, 'Ingestion health', 'Accepted')).toEqual(['Accepted', '14', '14']);
    expect(await rowOf(page, 'Ingestion health', 'No analytics consent')).toEqual(['No analytics consent', '3', '3']);
    expect(await rowOf(page, 'Taxonomy report', 'page_view')).toEqual(expect.arrayContaining(['page_view', '12', 'Page_Viewed']));
    expect(await rowOf(page, 'Taxonomy report', 'addToCart')).toEqual(expect.arrayContaining(['addToCart', '5', 'Cart_ItemAdded']));
    expect(await rowOf(page, 'Taxonomy report', 'mystery')).toEqual(expect.arrayContaining(['mystery', '1', '—']));
    expect(await page.getByText('3 rejected names').count()).toBe(1);

    // The headline figures: one profile per insert, all 19 events, 14 of them in the window.
    const summary = await page.locator('.Polaris-InlineGrid').first().innerText();
    expect(summary.replace(/\s+/g, ' ')).toBe('Shopper profiles 1 Events stored 19 Events, last 24 hours 14');

    expect(errors).toEqual([]);
    expect(offline).toEqual([]);
    expect(await page.evaluate(() => document.querySelector('script[src*="cdn.shopify.com"]'))).toBeNull();
    await page.screenshot({ path: `${ARTIFACTS}/admin-home.png`, fullPage: true });
    await page.close();
  });

  it('offers a retry when the overview cannot be loaded', async () => {
    const { page } = await openPage(browser);
    let failures = 1;
    await page.route('**/api/overview*', (route) =>
      failures-- > 0
        ? route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"unavailable","message":"Try again in a moment."}}' })
        : route.continue(),
    );
    await page.goto(`${t.baseUrl}/`);
    await page.getByText('The overview could not be loaded').waitFor();
    expect(await page.getByText('Try again in a moment.').count()).toBe(1);
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('heading', { name: 'Events in the last 24 hours' }).waitFor();
    expect(await rowOf(page, 'Events in the last 24 hours', 'Page_Viewed')).toEqual(['Page_Viewed', '4', '1', '2', '0', '7']);
    await page.close();
  });
});

describe('the admin document outside demo mode', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { SHOPIFY_API_KEY: 'live-key-1', SHOPIFY_API_SECRET: 'live-secret-1', ENCRYPTION_KEY: '0f'.repeat(32) } });
  });
  afterAll(async () => { await t?.stop(); });

  it('loads App Bridge from Shopify as the first script in head, with the API key and frame-ancestors', async () => {
    const res = await fetch(`${t.baseUrl}/?shop=cool-shop.myshopify.com&host=abc&embedded=1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe('frame-ancestors https://cool-shop.myshopify.com https://admin.shopify.com;');
    const html = await res.text();
    const head = html.slice(html.indexOf('<head>'), html.indexOf('</head>'));
    expect(head).toContain('<meta name="shopify-api-key" content="live-key-1" />');
    expect(head.indexOf('<script')).toBe(head.indexOf('<script src="https://cdn.shopify.com/shopifycloud/app-bridge.js"></script>'));
    // There is no demo token to fall back on.
    expect((await fetch(`${t.baseUrl}/demo/session-token`)).status).toBe(404);
  });
});
