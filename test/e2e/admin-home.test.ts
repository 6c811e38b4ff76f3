import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { HomeReport } from '../../server/admin-api/admin-api-types.js';
import { createImportQueries } from '../../server/db/import-queries.js';
import { launchChromium } from '../helpers/launch-chromium.js';
import { startSeededAdmin } from '../helpers/start-seeded-admin.js';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';
import { ARTIFACTS, SHOPIFY_QUERY, apiGet, cardWithHeading, fmt, openPage, rowTexts } from './admin-page-kit.js';

const DEVICE_ROWS = [['all', 'All devices'], ['mobile', 'Mobile'], ['desktop', 'Desktop'], ['tablet', 'Tablet']] as const;

describe('Home on a seeded shop', () => {
  let t: TestApp;
  let browser: Browser;
  let home: HomeReport;

  beforeAll(async () => {
    t = await startSeededAdmin();
    browser = await launchChromium();
    home = await apiGet<HomeReport>(t, '/api/home');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('shows the figures of GET /api/home, each benchmark with its source and year, and no console errors', async () => {
    expect(home.metrics.conversionRate.all.denominator).toBeGreaterThan(0); // the seed has sessions
    const { page, errors, offline } = await openPage(browser);
    await page.goto(`${t.baseUrl}/${SHOPIFY_QUERY}`);
    await page.getByRole('heading', { name: 'Your store against benchmarks' }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Home');
    expect(await page.getByText('demo-shop.myshopify.com', { exact: true }).count()).toBe(1);

    // Tracking health: the demo shop has its embed and pixel; the step list says so.
    const tracking = cardWithHeading(page, 'Tracking health');
    expect((await tracking.innerText()).replace(/\s+/g, ' ')).toContain(`Events, last 24 hours ${fmt.number(home.tracking.eventsLast24h)}`);
    for (const step of home.tracking.steps) {
      const heading = tracking.getByRole('heading', { name: new RegExp(step.title) });
      expect(await heading.count()).toBe(1);
    }
    expect(await tracking.getByText('Done', { exact: true }).count()).toBe(home.tracking.steps.filter((s) => s.done).length);

    // Store figures next to benchmarks, by device.
    const bench = cardWithHeading(page, 'Your store against benchmarks');
    const tables = bench.locator('table');
    for (const [key, label] of DEVICE_ROWS) {
      const conversion = home.metrics.conversionRate[key];
      const row = await rowTexts(tables.nth(0), label);
      expect(row.slice(0, 3)).toEqual([label, fmt.percent(conversion.value), `${fmt.number(conversion.numerator)} of ${fmt.number(conversion.denominator)} sessions`]);
      const abandonment = home.metrics.cartAbandonment[key];
      expect((await rowTexts(tables.nth(1), label)).slice(0, 3)).toEqual([label, fmt.percent(abandonment.value), `${fmt.number(abandonment.numerator)} of ${fmt.number(abandonment.denominator)} carts`]);
    }
    const recovery = home.metrics.checkoutRecovery;
    expect((await rowTexts(tables.nth(2), 'Recovered checkouts')).slice(0, 3)).toEqual(['Recovered checkouts', fmt.percent(recovery.value), `${fmt.number(recovery.numerator)} of ${fmt.number(recovery.denominator)} checkouts`]);
    const benchText = await bench.innerText();
    const all = [...home.metrics.benchmarks.conversionRate, ...home.metrics.benchmarks.cartAbandonment, ...home.metrics.benchmarks.checkoutRecovery];
    expect(all.length).toBeGreaterThan(0);
    for (const b of all) expect(benchText).toContain(`${b.label} · ${b.source}, ${b.year}`);
    // Device figures sit on their device's row: the mobile conversion benchmark of Monetate next to Mobile.
    expect((await rowTexts(tables.nth(0), 'Mobile'))[3]).toContain('Monetate ecommerce quarterly, Q1 2019');
    expect((await rowTexts(tables.nth(0), 'Desktop'))[3]).not.toContain('smartphone');

    // The funnel by device, as a chart and as a table with every step's counts.
    const funnel = cardWithHeading(page, 'Funnel by device');
    await funnel.locator('svg').first().waitFor();
    for (const step of home.funnel.steps) {
      expect((await rowTexts(funnel, step.label)).slice(0, 5)).toEqual([step.label, ...(['mobile', 'desktop', 'tablet', 'all'] as const).map((d) => fmt.number(step.counts[d]))]);
    }

    // The self-audit: the three largest active segments, in order, with members and activation.
    const audit = cardWithHeading(page, 'Segment self-audit');
    expect(home.audit.segments.length).toBe(3);
    for (const s of home.audit.segments) {
      const row = await rowTexts(audit, s.name);
      expect(row.slice(0, 2)).toEqual([s.name, fmt.number(s.memberCount)]);
      expect(row[3]).toMatch(s.distinctActivation ? /Yes$/ : /No$/);
    }
    const names = await audit.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.querySelector('th, td')?.textContent?.trim()));
    expect(names).toEqual(home.audit.segments.map((s) => s.name));
    for (const w of home.audit.warnings) expect(await page.getByText(w.message, { exact: true }).count()).toBe(1);

    // The last day's activity from the old home is still there.
    await page.getByRole('heading', { name: 'Events in the last 24 hours' }).or(page.getByText('No events in the last 24 hours')).first().waitFor();
    await page.getByRole('heading', { name: 'Ingestion health' }).waitFor();

    expect(errors).toEqual([]);
    expect(offline).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/admin-home.png`, fullPage: true });
    await page.close();
  });

  it('opens a segment of the self-audit in the app, keeping the Shopify query string', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${t.baseUrl}/${SHOPIFY_QUERY}`);
    const first = home.audit.segments[0]!;
    await page.getByRole('link', { name: first.name, exact: true }).click();
    await page.waitForURL(`${t.baseUrl}/segments/${first.id}${SHOPIFY_QUERY}`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a running order-history import with its counts', async () => {
    const imports = createImportQueries(t.db);
    const row = imports.create(t.shop.id, Date.now() - 60 * 86_400_000, Date.now());
    t.db.prepare("UPDATE imports SET status = 'downloading', object_count = 200 WHERE id = ?").run(row.id);
    imports.recordProgress(row.id, 50, 12, Date.now());
    try {
      const { page, errors } = await openPage(browser);
      await page.goto(`${t.baseUrl}/`);
      const card = cardWithHeading(page, 'Order history import');
      await card.waitFor();
      expect(await card.getByRole('progressbar').count()).toBe(1);
      expect(await card.innerText()).toContain('12 orders imported');
      expect(await card.innerText()).toContain('25%');
      // It polls: the import finishing makes the card go away without a reload.
      t.db.prepare("UPDATE imports SET status = 'done', lines_done = 200, imported_count = 48 WHERE id = ?").run(row.id);
      await card.waitFor({ state: 'detached', timeout: 10_000 });
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      t.db.prepare('DELETE FROM imports WHERE id = ?').run(row.id);
    }
  });

  it('gives each missing tracking step its next step and deep link', async () => {
    const { page, errors } = await openPage(browser);
    // The demo shop has everything on; take the server's own answer and switch two steps off.
    await page.route('**/api/home', async (route) => {
      const body = (await (await route.fetch()).json()) as HomeReport;
      body.tracking.steps = body.tracking.steps.map((s) => (s.key === 'first_events' ? s : { ...s, done: false, actionUrl: s.actionUrl ?? 'https://demo-shop.myshopify.com/admin/settings/customer_events' }));
      await route.fulfill({ json: body });
    });
    await page.goto(`${t.baseUrl}/`);
    const tracking = cardWithHeading(page, 'Tracking health');
    await tracking.waitFor();
    expect(await tracking.getByText('2 steps to do').count()).toBe(1);
    const embed = home.tracking.steps.find((s) => s.key === 'app_embed')!;
    expect(await tracking.getByText(embed.description).count()).toBe(1);
    const editor = tracking.getByRole('link', { name: /Turn on the storefront tracker/ });
    expect(await editor.getAttribute('href')).toBe(embed.actionUrl);
    expect(await editor.getAttribute('target')).toBe('_blank');
    expect(await tracking.getByRole('link', { name: /Connect the checkout pixel/ }).getAttribute('href')).toBe('https://demo-shop.myshopify.com/admin/settings/customer_events');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('offers Retry when Home cannot be loaded, and loads on Retry', async () => {
    const { page } = await openPage(browser);
    let failures = 1;
    await page.route('**/api/home', (route) =>
      failures-- > 0
        ? route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"unavailable","message":"Try again in a moment."}}' })
        : route.continue(),
    );
    await page.goto(`${t.baseUrl}/`);
    await page.getByText('Home could not be loaded').waitFor();
    expect(await page.getByText('Try again in a moment.').count()).toBe(1);
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('heading', { name: 'Tracking health' }).waitFor();
    await page.close();
  });
});

describe('Home on a shop with no data yet', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    t = await startTestApp();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('shows empty states with their next step, and no console errors', async () => {
    const { page, errors, offline } = await openPage(browser);
    await page.goto(`${t.baseUrl}/`);
    await page.getByRole('heading', { name: 'Tracking health' }).waitFor();
    expect(await page.getByText('No active segments yet').count()).toBe(1);
    await page.getByRole('link', { name: 'Create a segment' }).click();
    await page.waitForURL(`${t.baseUrl}/segments/new`);
    await page.goBack();
    await page.getByText('No sessions in this window yet', { exact: false }).waitFor();
    expect(await page.getByText('0 of 0 sessions').count()).toBe(4);
    await page.getByText('No events in the last 24 hours').waitFor();
    expect(await page.getByRole('link', { name: 'Open the demo store' }).getAttribute('href')).toBe('/demo/store');
    expect(await cardWithHeading(page, 'Tracking health').getByText('1 step to do').count()).toBe(1);
    expect(errors).toEqual([]);
    expect(offline).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/admin-home-empty.png`, fullPage: true });
    await page.close();
  });
});
