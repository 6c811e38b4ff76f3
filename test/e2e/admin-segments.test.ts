import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/launch-chromium.js';
import { startSeededAdmin } from '../helpers/start-seeded-admin.js';
import type { TestApp } from '../helpers/start-test-app.js';
import { adminApiClient } from '../admin-api/admin-api-client.js';
import { ARTIFACTS, openPage } from './admin-page-kit.js';

// Debounced searches and previews answer 300–400 ms after typing, plus the request.
const POLL = { timeout: 5000 };
const count = (n: number) => new Intl.NumberFormat('en-US').format(n);

interface ApiSegment { id: number; name: string; memberCount: number; templateKey: string | null; query: string }

describe('the segments index and editor', () => {
  let t: TestApp;
  let browser: Browser;
  const api = adminApiClient(() => t);
  const segments = async () => (await api('GET', '/segments')).body.segments as ApiSegment[];
  const previewCount = async (query: string) => (await api('POST', '/segments/preview', { query, sampleSize: 0 })).body.count as number;

  beforeAll(async () => {
    t = await startSeededAdmin();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('lists the 13 template segments with their real member counts', async () => {
    const expected = await segments();
    expect(expected).toHaveLength(13);
    expect(expected.some((s) => s.memberCount > 0)).toBe(true);
    const { page, errors } = await openPage(browser);
    await page.goto(`${t.baseUrl}/segments`);
    await page.getByRole('heading', { name: 'Segments', level: 1 }).waitFor();
    await page.locator('tbody tr').first().waitFor();
    expect(await page.locator('tbody tr').count()).toBe(13);
    for (const s of expected) {
      const row = page.locator('tbody tr').filter({ has: page.getByRole('link', { name: s.name, exact: true }) });
      expect(await row.count()).toBe(1);
      expect(await row.locator('td').nth(1).innerText()).toBe(count(s.memberCount));
    }
    await page.screenshot({ path: `${ARTIFACTS}/segments-index.png`, fullPage: true });
    // Keyboard: a segment's name is a link that Enter follows.
    await page.getByRole('link', { name: expected[1]!.name, exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/segments/${expected[1]!.id}$`));
    await page.getByRole('heading', { name: expected[1]!.name, level: 1 }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('creates a segment from a template, showing the live count the API previews', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${t.baseUrl}/segments`);
    await page.getByRole('link', { name: 'Create segment' }).first().click();
    await page.waitForURL(/\/segments\/new$/);
    await page.getByRole('button', { name: 'Use template Loyal customers' }).click();
    // Every template is in use in the seeded shop, so the name is made unique.
    expect(await page.getByLabel('Name').inputValue()).toBe('Loyal customers (2)');
    expect(await page.getByLabel('Query').inputValue()).toBe("rfm_group = 'LOYAL'");
    const expected = await previewCount("rfm_group = 'LOYAL'");
    await expect.poll(() => page.getByTestId('preview-count').textContent(), POLL).toBe(count(expected));
    await page.screenshot({ path: `${ARTIFACTS}/segment-new-from-template.png`, fullPage: true });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/segments\/\d+$/);
    await page.getByRole('heading', { name: 'Loyal customers (2)', level: 1 }).waitFor();
    const saved = (await segments()).find((s) => s.name === 'Loyal customers (2)');
    expect(saved).toMatchObject({ templateKey: 'loyal', query: "rfm_group = 'LOYAL'", memberCount: expected });
    expect(page.url()).toMatch(new RegExp(`/segments/${saved!.id}$`));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('creates a segment from a typed query', async () => {
    const query = "primary_device = 'MOBILE' AND number_of_orders = 0";
    const expected = await previewCount(query);
    expect(expected).toBeGreaterThan(0);
    const { page, errors } = await openPage(browser);
    await page.goto(`${t.baseUrl}/segments/new`);
    await page.getByLabel('Name').fill('Mobile browsers who never bought');
    await page.getByLabel('Query').fill(query);
    await expect.poll(() => page.getByTestId('preview-count').textContent(), POLL).toBe(count(expected));
    expect(await page.getByText('matching shoppers').count()).toBe(1);
    await page.getByLabel('KPI').selectOption('conversion_rate');
    await page.getByLabel('Activation channel').selectOption('onsite');
    await page.getByLabel('Activation plan').fill('Show a first-order banner on mobile product pages.');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/segments\/\d+$/);
    await page.getByRole('heading', { name: 'Mobile browsers who never bought', level: 1 }).waitFor();
    const saved = (await segments()).find((s) => s.name === 'Mobile browsers who never bought');
    expect(saved).toMatchObject({ query, memberCount: expected, templateKey: null });
    expect(await page.getByText(`${count(expected)} members`).count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a bad query\'s line and column under the field, and a taken name under the name', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${t.baseUrl}/segments/new`);
    await page.getByLabel('Name').fill('VIP (champions)');
    const bad = "rfm_group = 'LOYAL' AND\nrfm_grop = 'AT_RISK'";
    const answer = (await api('POST', '/segments/preview', { query: bad })).body.error;
    expect(answer).toMatchObject({ code: 'invalid_segment_query', line: 2, column: 1 });
    await page.getByLabel('Query').fill(bad);
    const queryError = page.locator(`[id="${await page.getByLabel('Query').getAttribute('id')}Error"]`);
    await expect.poll(() => queryError.textContent(), POLL).toBe(answer.message);
    expect(answer.message).toMatch(/^Line 2, column 1: /);
    expect(await page.getByTestId('preview-count').count()).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}/segment-editor-syntax-error.png`, fullPage: true });

    await page.getByLabel('Query').fill("rfm_group = 'LOYAL'");
    await expect.poll(() => queryError.count(), POLL).toBe(0);
    await page.getByRole('button', { name: 'Save' }).click();
    const nameError = page.locator(`[id="${await page.getByLabel('Name').getAttribute('id')}Error"]`);
    await expect.poll(() => nameError.textContent(), POLL).toContain('A segment named "VIP (champions)" already exists');
    expect(page.url()).toMatch(/\/segments\/new$/);
    // Nothing else was saved.
    expect((await segments()).filter((s) => s.name === 'VIP (champions)')).toHaveLength(1);
    // Chromium logs every 4xx answer; these two are the errors the page shows, and nothing else went wrong.
    expect(errors).toEqual([
      'Failed to load resource: the server responded with a status of 400 (Bad Request) /api/segments/preview',
      'Failed to load resource: the server responded with a status of 409 (Conflict) /api/segments',
    ]);
    await page.close();
  });

  it('edits a segment and shows the change on its page', async () => {
    const target = (await segments()).find((s) => s.name === 'Mobile browsers who never bought')!;
    const { page, errors } = await openPage(browser);
    await page.goto(`${t.baseUrl}/segments/${target.id}`);
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.waitForURL(new RegExp(`/segments/${target.id}/edit$`));
    expect(await page.getByLabel('Query').inputValue()).toBe(target.query);
    await page.getByLabel('Activation plan').fill('A first-order banner on mobile, then one reminder email.');
    await page.getByLabel('Refresh').selectOption('hourly');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(new RegExp(`/segments/${target.id}$`));
    await page.getByText('A first-order banner on mobile, then one reminder email.').waitFor();
    const saved = (await api('GET', `/segments/${target.id}`)).body.segment;
    expect(saved).toMatchObject({ refreshPolicy: 'hourly', activation: { channel: 'onsite', plan: 'A first-order banner on mobile, then one reminder email.' } });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('offers a retry when the segments cannot be loaded', async () => {
    const { page } = await openPage(browser);
    let failures = 1;
    await page.route('**/api/segments', (route) =>
      failures-- > 0
        ? route.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"unavailable","message":"Try again in a moment."}}' })
        : route.continue(),
    );
    await page.goto(`${t.baseUrl}/segments`);
    await page.getByText('The segments could not be loaded').waitFor();
    expect(await page.getByText('Try again in a moment.').count()).toBe(1);
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.locator('tbody tr').first().waitFor();
    expect(await page.locator('tbody tr').count()).toBe((await segments()).length);
    await page.close();
  });
});
