import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { HomeReport, RecomputeStatus, ShopSettings } from '../../server/admin-api/admin-api-types.js';
import { launchChromium } from '../helpers/launch-chromium.js';
import { startSeededAdmin } from '../helpers/start-seeded-admin.js';
import type { TestApp } from '../helpers/start-test-app.js';
import { ARTIFACTS, SHOPIFY_QUERY, apiGet, cardWithHeading, fmt, openPage } from './admin-page-kit.js';

describe('Settings on a seeded shop', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    t = await startSeededAdmin({ shoppers: 200, days: 30 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('shows the stored settings, the tracking steps and the import status, with no console errors', async () => {
    const settings = await apiGet<ShopSettings>(t, '/api/settings');
    const home = await apiGet<HomeReport>(t, '/api/home');
    const { page, errors, offline } = await openPage(browser);
    await page.goto(`${t.baseUrl}/settings${SHOPIFY_QUERY}`);
    await page.getByLabel('Cart abandonment window').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Settings');
    expect(await page.getByLabel('Cart abandonment window').inputValue()).toBe(String(settings.cartAbandonmentMinutes));
    expect(await page.getByLabel('Checkout abandonment window').inputValue()).toBe(String(settings.checkoutAbandonmentMinutes));
    expect(await page.getByLabel('Data retention').inputValue()).toBe(String(settings.dataRetentionDays));
    expect(await page.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);

    const tracking = cardWithHeading(page, 'Tracking install steps');
    await tracking.getByRole('heading', { name: home.tracking.steps[0]!.title, exact: false }).waitFor();
    expect(await tracking.getByText('Done', { exact: true }).count()).toBe(home.tracking.steps.filter((s) => s.done).length);
    const imports = cardWithHeading(page, 'Order history import');
    await imports.getByText('No order-history import has run for this shop yet', { exact: false }).waitFor();
    await page.getByText(/No full recompute has run|Last recompute finished/).waitFor();

    expect(errors).toEqual([]);
    expect(offline).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/admin-settings.png`, fullPage: true });
    await page.close();
  });

  it('saves a changed window, which a reload shows, and shows a bad value on its field without saving it', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${t.baseUrl}/settings${SHOPIFY_QUERY}`);
    const cart = page.getByLabel('Cart abandonment window');
    await cart.fill('45');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Settings saved.', { exact: false }).waitFor();
    expect((await apiGet<ShopSettings>(t, '/api/settings')).cartAbandonmentMinutes).toBe(45);
    await page.reload();
    await page.getByLabel('Cart abandonment window').waitFor();
    expect(await page.getByLabel('Cart abandonment window').inputValue()).toBe('45');
    expect(page.url()).toBe(`${t.baseUrl}/settings${SHOPIFY_QUERY}`);

    // A retention below 30 days: the server refuses it and the form puts that on the field.
    const retention = page.getByLabel('Data retention');
    const before = await apiGet<ShopSettings>(t, '/api/settings');
    await retention.fill('10');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Enter a whole number of days from 30 to 1,095 (3 years).').waitFor();
    expect(await retention.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText('Settings saved.', { exact: false }).count()).toBe(0);
    expect(await apiGet<ShopSettings>(t, '/api/settings')).toEqual(before);
    // Fixing the value clears the error and saves.
    await retention.fill('400');
    expect(await page.getByText('Enter a whole number of days from 30 to 1,095 (3 years).').count()).toBe(0);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Settings saved.', { exact: true }).waitFor();
    expect(await apiGet<ShopSettings>(t, '/api/settings')).toEqual({ ...before, dataRetentionDays: 400 });
    // The 400 answer is a console error of the browser's own network log, not of the page.
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
    await page.close();
  });

  it('offers Retry when the settings cannot be loaded', async () => {
    const { page } = await openPage(browser);
    let failures = 1;
    await page.route('**/api/settings', (route) =>
      failures-- > 0
        ? route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":{"code":"internal_error","message":"Something went wrong on our side. The request can be retried."}}' })
        : route.continue(),
    );
    await page.goto(`${t.baseUrl}/settings`);
    await page.getByText('Settings could not be loaded').waitFor();
    expect(await page.getByText('Something went wrong on our side. The request can be retried.').count()).toBe(1);
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.getByLabel('Cart abandonment window').waitFor();
    await page.close();
  });

  it('recomputes every segment with a progress bar until done', async () => {
    const { page, errors } = await openPage(browser);
    // Status reads after the start answer late, so the progress of the start's own answer stays on screen a moment.
    let started = false;
    await page.route('**/api/segments/recompute', async (route) => {
      if (route.request().method() === 'POST') started = true;
      else if (started) await new Promise((resolve) => setTimeout(resolve, 700));
      await route.continue();
    });
    await page.goto(`${t.baseUrl}/settings`);
    await page.getByRole('button', { name: 'Recompute all segments' }).click();
    await page.getByRole('progressbar').waitFor();
    expect(await page.getByText(/^Recomputing: [\d,]+ of [\d,]+ shoppers/).count()).toBe(1);
    await page.getByText('Last recompute finished', { exact: false }).waitFor({ timeout: 30_000 });
    const status = await apiGet<RecomputeStatus>(t, '/api/segments/recompute');
    expect(status.status).toBe('done');
    expect(status.profilesTotal).toBeGreaterThan(0);
    const text = await page.getByText('Last recompute finished', { exact: false }).innerText();
    expect(text).toContain(`${fmt.number(status.profilesDone)} of ${fmt.number(status.profilesTotal)} shoppers`);
    expect(await page.getByRole('button', { name: 'Recompute all segments' }).isEnabled()).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});
