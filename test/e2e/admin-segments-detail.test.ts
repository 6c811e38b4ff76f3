import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/launch-chromium.js';
import { startSeededAdmin } from '../helpers/start-seeded-admin.js';
import type { TestApp } from '../helpers/start-test-app.js';
import { adminApiClient } from '../admin-api/admin-api-client.js';
import { ARTIFACTS, openPage } from './admin-page-kit.js';

// Debounced searches and previews answer 300–400 ms after typing, plus the request.
const POLL = { timeout: 5000 };

interface ApiSegment { id: number; name: string; memberCount: number }
interface ApiProfile { profileId: number; email: string | null; rfm: { group: string; recencyScore: number | null; frequencyScore: number | null; monetaryScore: number | null } }

describe('a segment\'s page', () => {
  let t: TestApp;
  let browser: Browser;
  const api = adminApiClient(() => t);
  const members = async (id: number, query: string) => (await api('GET', `/segments/${id}/members?${query}`)).body as { members: ApiProfile[]; nextCursor: string | null };

  /** Ten days of stored sizes before today, growing to today's, as the engine records them day by day. */
  const backdateHistory = (segmentId: number, size: number) => {
    const DAY = 86_400_000;
    const today = Math.floor(Date.now() / DAY) * DAY;
    t.db.prepare('UPDATE segments SET created_at = ? WHERE id = ?').run(today - 10 * DAY, segmentId);
    const insert = t.db.prepare('INSERT OR REPLACE INTO segment_size_history (segment_id, day, size, entered, exited) VALUES (?, ?, ?, ?, ?)');
    for (let d = 10; d >= 1; d--) insert.run(segmentId, new Date(today - d * DAY).toISOString().slice(0, 10), size - 3 * d, 5, 2);
  };

  beforeAll(async () => {
    t = await startSeededAdmin();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('shows the definition, size history, KPIs, and pages and searches the members', async () => {
    const all = (await api('GET', '/segments')).body.segments as ApiSegment[];
    const largest = all.reduce((a, b) => (b.memberCount > a.memberCount ? b : a));
    expect(largest.memberCount).toBeGreaterThan(50);
    backdateHistory(largest.id, largest.memberCount);
    const { trend } = ((await api('GET', '/segments')).body.segments as (ApiSegment & { trend: { size: number }[] })[]).find((s) => s.id === largest.id)!;
    const delta = trend[trend.length - 1]!.size - trend[0]!.size;
    expect(delta).toBeGreaterThan(0);
    const { page, errors } = await openPage(browser);
    await page.goto(`${t.baseUrl}/segments`);
    const row = page.locator('tbody tr').filter({ has: page.getByRole('link', { name: largest.name, exact: true }) });
    expect(await row.locator('td').nth(2).innerText()).toBe(`+${delta}`);
    await page.getByRole('link', { name: largest.name, exact: true }).click();
    await page.waitForURL(new RegExp(`/segments/${largest.id}$`));
    await page.getByRole('heading', { name: largest.name, level: 1 }).waitFor();
    for (const heading of ['Definition', 'Size, last 30 days', 'Members', 'KPIs, last 30 days', 'Linked destinations']) {
      await page.getByRole('heading', { name: heading }).waitFor();
    }
    // The card loads its own data after the headings: wait for it rather than count too early.
    await page.getByText('No destinations yet.', { exact: false }).waitFor();
    expect(await page.getByText('No destinations yet.', { exact: false }).count()).toBe(1);

    // The chart's accessible alternative: the same points as a table.
    const history = (await api('GET', `/segments/${largest.id}/history?days=30`)).body.history as { size: number }[];
    await page.getByRole('button', { name: 'Show as table' }).click();
    const historyRows = page.locator('#size-history-table tbody tr');
    expect(history.length).toBe(11);
    expect(await historyRows.count()).toBe(history.length);
    await page.getByTestId('size-chart').locator('svg').first().waitFor();
    expect(await historyRows.last().locator('td').first().innerText()).toBe(String(history[history.length - 1]!.size));

    const first = await members(largest.id, 'limit=25');
    const second = await members(largest.id, `limit=25&cursor=${first.nextCursor}`);
    const memberTable = page.locator('table').filter({ has: page.getByRole('columnheader', { name: 'RFM group' }) });
    const firstCells = () => memberTable.locator('tbody tr td:first-child').allInnerTexts();
    const label = (p: ApiProfile) => p.email ?? `Anonymous shopper #${p.profileId}`;
    await expect.poll(firstCells, POLL).toEqual(first.members.map(label));
    await page.screenshot({ path: `${ARTIFACTS}/segment-detail.png`, fullPage: true });
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(firstCells, POLL).toEqual(second.members.map(label));
    await page.getByRole('button', { name: 'Previous' }).click();
    await expect.poll(firstCells, POLL).toEqual(first.members.map(label));

    // A member of the second page, found by the start of their email.
    const wanted = second.members.find((m) => m.email)!;
    await page.getByLabel('Search members').fill(wanted.email!.slice(0, wanted.email!.indexOf('@') + 1));
    await expect.poll(firstCells, POLL).toEqual([wanted.email]);
    await page.getByLabel('Search members').fill('nobody-at-all@');
    await page.getByText('No member matches this search').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens a shopper with RFM scores and a timeline that loads more', async () => {
    const all = (await api('GET', '/segments')).body.segments as ApiSegment[];
    const segment = all.find((s) => s.name === 'Repeat buyers')!;
    const member = (await members(segment.id, 'limit=1')).members[0]!;
    const timeline = (await api('GET', `/profiles/${member.profileId}/events?limit=20`)).body as { events: { name: string }[]; nextCursor: string | null };
    expect(timeline.events.length).toBeGreaterThan(0);
    const { page, errors } = await openPage(browser);
    await page.goto(`${t.baseUrl}/segments/${segment.id}`);
    // By keyboard: the shopper's name is a button in the row.
    await page.getByRole('button', { name: member.email!, exact: true }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: member.email! }).waitFor();
    await dialog.getByText(`Recency ${member.rfm.recencyScore}`, { exact: true }).waitFor();
    expect(await dialog.getByText(`Frequency ${member.rfm.frequencyScore}`, { exact: true }).count()).toBe(1);
    expect(await dialog.getByText(`Monetary ${member.rfm.monetaryScore}`, { exact: true }).count()).toBe(1);
    expect(await dialog.getByText(member.rfm.group, { exact: true }).count()).toBeGreaterThan(0);
    const events = dialog.getByRole('list', { name: 'Events, newest first' }).getByRole('listitem');
    await expect.poll(() => events.count(), POLL).toBe(timeline.events.length);
    expect(await events.first().innerText()).toContain(timeline.events[0]!.name);
    await page.screenshot({ path: `${ARTIFACTS}/shopper-drawer.png` });
    // A repeat buyer has more than one page of events.
    expect(timeline.nextCursor).not.toBeNull();
    const more = (await api('GET', `/profiles/${member.profileId}/events?limit=20&before=${timeline.nextCursor}`)).body.events as { name: string }[];
    await dialog.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => events.count(), POLL).toBe(timeline.events.length + more.length);
    expect(await events.nth(timeline.events.length).innerText()).toContain(more[0]!.name);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count(), POLL).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows an abandoned cart with its recovery link', async () => {
    const all = (await api('GET', '/segments')).body.segments as ApiSegment[];
    const segment = all.find((s) => s.name === 'Cart abandoners (last 7 days)')!;
    const list = (await members(segment.id, 'limit=50')).members as (ApiProfile & { cartAbandonment: { recoveryUrl: string | null } | null })[];
    const member = list.find((m) => m.email && m.cartAbandonment?.recoveryUrl)!;
    expect(member).toBeDefined();
    const { page, errors } = await openPage(browser);
    await page.goto(`${t.baseUrl}/segments/${segment.id}`);
    await page.getByLabel('Search members').fill(member.email!);
    await page.getByRole('button', { name: member.email!, exact: true }).click();
    const link = page.getByRole('dialog').getByRole('link', { name: 'Recovery link' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(member.cartAbandonment!.recoveryUrl);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('deletes a segment after confirming, then lists the rest', async () => {
    const created = (await api('POST', '/segments', { template: 'vip', name: 'VIP to delete' })).body.segment as ApiSegment;
    const { page, errors } = await openPage(browser);
    await page.goto(`${t.baseUrl}/segments/${created.id}`);
    await page.getByRole('heading', { name: 'VIP to delete', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete segment' }).click();
    await page.waitForURL(/\/segments$/);
    await page.getByRole('heading', { name: 'Segments', level: 1 }).waitFor();
    await page.locator('tbody tr').first().waitFor();
    expect(await page.getByRole('link', { name: 'VIP to delete' }).count()).toBe(0);
    expect((await api('GET', `/segments/${created.id}`)).status).toBe(404);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('warns about stale segments and too many without a distinct activation', async () => {
    for (let i = 1; i <= 5; i++) {
      const res = await api('POST', '/segments', { template: 'loyal', name: `No plan ${i}`, activation: { channel: 'none', plan: '' } });
      expect(res.status).toBe(201);
    }
    const list = (await api('GET', '/segments')).body as { segments: ApiSegment[]; warnings: { code: string; message: string; segmentIds: number[] }[] };
    const warning = list.warnings.find((w) => w.code === 'activation_not_distinct')!;
    expect(warning.segmentIds).toHaveLength(5);
    const { page, errors } = await openPage(browser);
    // Staleness depends on the engine's timing, so one segment is reported stale by rewriting the real answer.
    const staleId = list.segments[0]!.id;
    await page.route('**/api/segments', async (route) => {
      const body = await (await route.fetch()).json();
      body.segments[0].stale = true;
      body.warnings.push({ code: 'segment_stale', message: '1 segment(s) were not refreshed within their refresh policy.', segmentIds: [staleId] });
      await route.fulfill({ json: body });
    });
    await page.goto(`${t.baseUrl}/segments`);
    await page.getByText('Too many segments without a distinct activation').waitFor();
    expect(await page.getByText(warning.message).count()).toBe(1);
    expect(await page.getByText('Some segments are stale').count()).toBe(1);
    const notDistinct = page.locator('tbody tr').filter({ hasText: 'Not distinct' });
    expect((await notDistinct.locator('td:first-child, th:first-child').allInnerTexts()).sort()).toEqual(['No plan 1', 'No plan 2', 'No plan 3', 'No plan 4', 'No plan 5']);
    const staleRow = page.locator('tbody tr').filter({ hasText: 'Stale' });
    expect(await staleRow.count()).toBe(1);
    expect(await staleRow.getByRole('link').innerText()).toBe(list.segments[0]!.name);
    await page.screenshot({ path: `${ARTIFACTS}/segments-index-warnings.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
