import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { DestinationView, SegmentDestinationView, SyncRunView } from '../../server/admin-api/admin-api-types.js';
import { EXCLUSION_LABELS } from '../../web/src/destinations/destination-labels.js';
import { startWebhookReceiver, type WebhookReceiver } from '../fakes/webhook-receiver/start-webhook-receiver.js';
import { launchChromium } from '../helpers/launch-chromium.js';
import { startSeededAdmin } from '../helpers/start-seeded-admin.js';
import type { TestApp } from '../helpers/start-test-app.js';
import { ARTIFACTS, SHOPIFY_QUERY, apiGet, cardWithHeading, fmt, openPage } from './admin-page-kit.js';

const SECRET = 'e2e-receiver-signing-secret-0123456789';
const SYNC = { timeout: 30_000 };

interface ApiSegment { id: number; name: string; memberCount: number }

/** The segment with the most members: some with consent and an email, some without, so there are exclusions. */
const largest = (segments: ApiSegment[]) => segments.reduce((a, b) => (b.memberCount > a.memberCount ? b : a));

/** The browser's own log line for a refused request (400, 409): expected where a test provokes one. */
const withoutRefusals = (errors: string[]) => errors.filter((e) => !/status of 4\d\d/.test(e));

/** Opens "Add destination", picks `kind`, and goes on to its fields. */
async function startAdding(page: Page, kind: string) {
  await page.getByRole('button', { name: 'Add destination' }).first().click();
  const dialog = page.getByRole('dialog');
  // By keyboard, as a merchant without a mouse would.
  const radio = dialog.getByLabel(kind, { exact: true });
  await radio.focus();
  await page.keyboard.press('Space');
  expect(await radio.isChecked()).toBe(true);
  await dialog.getByRole('button', { name: 'Next' }).click();
  await dialog.getByLabel('Name').waitFor();
  return dialog;
}

describe('destinations in the admin', () => {
  let t: TestApp;
  let browser: Browser;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await startWebhookReceiver({ secret: SECRET });
    // Mailchimp pointed at the receiver, which refuses its unsigned calls: a failing "Test connection".
    t = await startSeededAdmin({ shoppers: 300, days: 30, env: { MAILCHIMP_API_URL: `${receiver.url}/mailchimp` } });
    t.app.destinations.start();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    await t?.stop();
  });

  it('adds a webhook, links a segment from its page, syncs it with progress and shows the run\'s counts', async () => {
    const { page, errors, offline } = await openPage(browser);
    await page.goto(`${t.baseUrl}/destinations${SHOPIFY_QUERY}`);
    // Polaris renders an empty state's heading as a paragraph.
    await page.getByText('Send your segments where you act on them', { exact: true }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Destinations');
    // The top bar has the entry, marked as the current page.
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Destinations' }).getAttribute('aria-current')).toBe('page');

    const dialog = await startAdding(page, 'Webhook');
    await dialog.getByLabel('Name').fill('Receiver');
    await dialog.getByLabel('Webhook URL').fill(receiver.url);
    await dialog.getByLabel('Signing secret (optional)').fill(SECRET);
    expect(await dialog.getByLabel('Signing secret (optional)').getAttribute('type')).toBe('password');
    expect(await dialog.getByLabel('Requires marketing consent').isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Add destination' }).click();
    await page.getByRole('heading', { name: 'Receiver', level: 2 }).waitFor();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    const [created] = await apiGet<DestinationView[]>(t, '/api/destinations');
    expect(created).toMatchObject({ kind: 'webhook', name: 'Receiver', status: 'active', settings: { url: receiver.url, requireMarketingConsent: true }, credentialsSet: true });
    const card = cardWithHeading(page, 'Receiver');
    expect(await card.getByText('Active', { exact: true }).count()).toBe(1);
    expect(await card.getByRole('button', { name: 'Sync now' }).isDisabled()).toBe(true);

    // Test connection: the receiver answers our signed ping.
    await card.getByRole('button', { name: 'Test connection' }).click();
    await card.getByText('Connection works').waitFor();

    // The segment's page: link the destination there.
    const segments = (await apiGet<{ segments: ApiSegment[] }>(t, '/api/segments')).segments;
    const segment = largest(segments);
    expect(segment.memberCount).toBeGreaterThan(20);
    await page.goto(`${t.baseUrl}/segments/${segment.id}${SHOPIFY_QUERY}`);
    const linked = cardWithHeading(page, 'Linked destinations');
    await linked.getByText('No destinations yet.', { exact: false }).waitFor();
    await linked.getByLabel('Link a destination').selectOption({ label: 'Receiver (Webhook)' });
    await linked.getByRole('button', { name: 'Link', exact: true }).click();
    await linked.getByRole('heading', { name: 'Receiver', level: 3 }).waitFor();
    await linked.getByText('Not synced yet.').waitFor();
    expect(await linked.getByText('Every destination is linked.', { exact: false }).count()).toBe(1);

    // Sync now: progress reads answer late, so the bar stays on screen a moment before the run ends.
    await page.route('**/api/sync-runs/*', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 600));
      await route.continue();
    });
    await linked.getByRole('button', { name: 'Sync Receiver now' }).click();
    await linked.getByRole('progressbar').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/destinations-segment-syncing.png`, fullPage: true });
    await linked.getByText('Last sync:', { exact: false }).waitFor(SYNC);
    expect(await linked.getByRole('progressbar').count()).toBe(0);

    const [view] = await apiGet<SegmentDestinationView[]>(t, `/api/segments/${segment.id}/destinations`);
    const run = await apiGet<SyncRunView>(t, `/api/sync-runs/${view!.lastRun!.id}`);
    expect(run.status).toBe('succeeded');
    expect(run.added).toBeGreaterThan(0);
    expect(run.done).toBe(run.total);
    const text = await linked.innerText();
    for (const [key, label] of [['added', 'Added'], ['removed', 'Removed'], ['updated', 'Updated'], ['failed', 'Failed']] as const) {
      expect(text).toContain(`${label} ${fmt.number(run[key])}`);
    }
    const excluded = Object.entries(run.excluded).filter(([, n]) => (n ?? 0) > 0);
    // The demo has shoppers without consent, so some are left out, each reason with its count.
    expect(excluded.length).toBeGreaterThan(0);
    for (const [reason, n] of excluded) expect(text).toContain(`${EXCLUSION_LABELS[reason as keyof typeof EXCLUSION_LABELS]}: ${fmt.number(n!)}`);
    expect(text).toContain(`${fmt.number(view!.link.syncedMembers)} synced members`);
    // What the receiver holds is what the run says it added.
    expect(receiver.members(segment.id).size).toBe(run.added);
    expect(view!.link.syncedMembers).toBe(run.added);
    await page.screenshot({ path: `${ARTIFACTS}/destinations-segment-synced.png`, fullPage: true });

    // The destinations page shows the same run and the link.
    await page.goto(`${t.baseUrl}/destinations${SHOPIFY_QUERY}`);
    const after = cardWithHeading(page, 'Receiver');
    await after.getByText('Last sync:', { exact: false }).waitFor();
    expect(await after.getByRole('link', { name: segment.name }).count()).toBe(1);
    const cardText = await after.innerText();
    expect(cardText).toContain(`Added ${fmt.number(run.added)}`);
    expect(cardText).toContain(`${fmt.number(run.added)} synced`);
    expect(cardText).toContain('Succeeded');
    await page.screenshot({ path: `${ARTIFACTS}/destinations-page.png`, fullPage: true });
    expect(errors).toEqual([]);
    expect(offline).toEqual([]);
    await page.close();
  });

  it('puts a bad Mailchimp key on its field and saves nothing; a failing connection test says what the remote answered', async () => {
    const before = await apiGet<DestinationView[]>(t, '/api/destinations');
    const { page, errors } = await openPage(browser);
    await page.goto(`${t.baseUrl}/destinations`);
    const dialog = await startAdding(page, 'Mailchimp');
    await dialog.getByLabel('Name').fill('Newsletter');
    await dialog.getByLabel('Mailchimp API key').fill('not-a-mailchimp-key');
    await dialog.getByLabel('Audience ID').fill('a1b2c3d4e5');
    await dialog.getByRole('button', { name: 'Add destination' }).click();
    const key = dialog.getByLabel('Mailchimp API key');
    await dialog.getByText('A Mailchimp API key ends with its data center, e.g. …-us21.').waitFor();
    expect(await key.getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.getByLabel('Audience ID').getAttribute('aria-invalid')).not.toBe('true');
    expect(await apiGet<DestinationView[]>(t, '/api/destinations')).toEqual(before);
    await page.screenshot({ path: `${ARTIFACTS}/destinations-mailchimp-error.png` });

    // Typing clears the error; a well-formed key is accepted.
    await key.fill('0123456789abcdef0123456789abcdef-us21');
    expect(await dialog.getByText('A Mailchimp API key ends with its data center', { exact: false }).count()).toBe(0);
    await dialog.getByRole('button', { name: 'Add destination' }).click();
    await page.getByRole('heading', { name: 'Newsletter', level: 2 }).waitFor();
    const saved = (await apiGet<DestinationView[]>(t, '/api/destinations')).find((d) => d.name === 'Newsletter')!;
    expect(saved).toMatchObject({ kind: 'mailchimp', settings: { audienceId: 'a1b2c3d4e5' }, credentialsSet: true });
    expect(JSON.stringify(saved)).not.toContain('0123456789abcdef');

    // Test connection: what the remote answered, and the destination stays active.
    const card = cardWithHeading(page, 'Newsletter');
    await card.getByRole('button', { name: 'Test connection' }).click();
    await card.getByText('Connection failed').waitFor();
    expect(await card.getByText('(HTTP 401)', { exact: false }).count()).toBe(1);
    expect(await card.getByText('Active', { exact: true }).count()).toBe(1);
    expect(withoutRefusals(errors)).toEqual([]);
    await page.close();
  });

  it('shows a generated webhook secret once, edits without prefilled credentials, pauses, resumes and deletes after confirming', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(`${t.baseUrl}/destinations`);
    const dialog = await startAdding(page, 'Webhook');
    await dialog.getByLabel('Name').fill('Warehouse');
    await dialog.getByLabel('Webhook URL').fill(`${receiver.url}/warehouse`);
    await dialog.getByRole('button', { name: 'Add destination' }).click();
    const secret = dialog.getByLabel('Signing secret', { exact: true });
    await secret.waitFor();
    expect(await secret.inputValue()).toMatch(/^whsec_[A-Za-z0-9_-]{40,}$/);
    expect(await dialog.getByText('It is shown only this once.', { exact: false }).count()).toBe(1);
    await page.screenshot({ path: `${ARTIFACTS}/destinations-signing-secret.png` });
    const shown = await secret.inputValue();
    await dialog.getByRole('button', { name: 'Done' }).click();
    const card = cardWithHeading(page, 'Warehouse');
    await card.waitFor();
    expect(JSON.stringify(await apiGet<DestinationView[]>(t, '/api/destinations'))).not.toContain(shown);

    // Edit: settings filled in, the secret field empty; a new name is saved.
    await card.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog');
    expect(await edit.getByLabel('Webhook URL').inputValue()).toBe(`${receiver.url}/warehouse`);
    expect(await edit.getByLabel('New signing secret (optional)').inputValue()).toBe('');
    await edit.getByLabel('Name').fill('Warehouse feed');
    await edit.getByRole('button', { name: 'Save' }).click();
    const renamed = cardWithHeading(page, 'Warehouse feed');
    await renamed.waitFor();

    // Pause and resume.
    await renamed.getByRole('button', { name: 'Pause' }).click();
    await renamed.getByText('Paused', { exact: true }).waitFor();
    expect((await apiGet<DestinationView[]>(t, '/api/destinations')).find((d) => d.name === 'Warehouse feed')!.status).toBe('paused');
    await renamed.getByRole('button', { name: 'Resume' }).click();
    await renamed.getByText('Active', { exact: true }).waitFor();

    // Delete asks first; Cancel keeps it.
    await renamed.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByRole('heading', { name: 'Warehouse feed', level: 2 }).count()).toBe(1);
    await renamed.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete destination' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Warehouse feed', level: 2 }).count()).toBe(0);
    expect((await apiGet<DestinationView[]>(t, '/api/destinations')).some((d) => d.name === 'Warehouse feed')).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says when the remote rejected the credentials, with its message', async () => {
    const receiverId = (await apiGet<DestinationView[]>(t, '/api/destinations')).find((d) => d.name === 'Receiver')!.id;
    t.db.prepare("UPDATE destinations SET status = 'paused', paused_reason = 'credentials_rejected', paused_message = ? WHERE id = ?")
      .run('The receiver refused the signature (HTTP 401).', receiverId);
    const { page, errors } = await openPage(browser);
    await page.goto(`${t.baseUrl}/destinations`);
    const card = cardWithHeading(page, 'Receiver');
    await card.getByText('Paused: credentials rejected', { exact: true }).first().waitFor();
    expect(await card.getByText('The receiver refused the signature (HTTP 401).', { exact: false }).count()).toBe(1);
    expect(await card.getByRole('button', { name: 'Sync now' }).isDisabled()).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/destinations-credentials-rejected.png`, fullPage: true });
    // Replacing the secret lifts the pause.
    await card.getByRole('button', { name: 'Replace credentials' }).click();
    await page.getByRole('dialog').getByLabel('New signing secret (optional)').fill(SECRET);
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await card.getByText('Active', { exact: true }).waitFor();
    expect((await apiGet<DestinationView[]>(t, '/api/destinations')).find((d) => d.id === receiverId)!.paused).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('exports a segment\'s members as CSV from its page, and unlinks a destination', async () => {
    const segment = largest((await apiGet<{ segments: ApiSegment[] }>(t, '/api/segments')).segments);
    const { page, errors } = await openPage(browser);
    await page.goto(`${t.baseUrl}/segments/${segment.id}`);
    const linked = cardWithHeading(page, 'Linked destinations');
    await linked.getByRole('heading', { name: 'Receiver', level: 3 }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), linked.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`-${segment.id}-members-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
    const path = await download.path();
    const { readFile } = await import('node:fs/promises');
    const lines = (await readFile(path!, 'utf8')).trim().split(/\r?\n/);
    expect(lines[0]!.startsWith('profile_id,')).toBe(true);
    expect(lines.length - 1).toBe(segment.memberCount);

    // Unlink: the link goes, and the destination can be linked again.
    await linked.getByRole('button', { name: 'Unlink Receiver' }).click();
    await linked.getByText('No destinations yet.', { exact: false }).waitFor();
    expect(await apiGet<SegmentDestinationView[]>(t, `/api/segments/${segment.id}/destinations`)).toEqual([]);
    expect(await linked.getByLabel('Link a destination').locator('option').allInnerTexts()).toContain('Receiver (Webhook)');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('offers Retry when the destinations cannot be loaded', async () => {
    const { page } = await openPage(browser);
    let failures = 1;
    await page.route('**/api/destinations', (route) =>
      failures-- > 0
        ? route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":{"code":"internal_error","message":"Something went wrong on our side. The request can be retried."}}' })
        : route.continue(),
    );
    await page.goto(`${t.baseUrl}/destinations`);
    await page.getByText('The destinations could not be loaded').waitFor();
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('heading', { name: 'Receiver', level: 2 }).waitFor();
    await page.close();
  });
});
