import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSessionToken } from '../../server/auth/sign-session-token.js';
import { createTokenCipher } from '../../server/auth/create-token-cipher.js';
import { createDestinationQueries } from '../../server/db/destination-queries.js';
import { prepareDemoShop } from '../../server/demo/prepare-demo-shop.js';
import type { InboxSnapshot } from '../../server/demo/webhook-inbox/create-webhook-inbox-log.js';
import { demoWebhookInboxUrl } from '../../server/demo/webhook-inbox/demo-webhook-inbox-url.js';
import { maskEmail } from '../../server/demo/webhook-inbox/mask-email.js';
import { signWebhookBody } from '../../server/destinations/webhook/sign-webhook-body.js';
import { silentLogger } from '../../server/logger.js';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';

const INBOX = '/demo/webhook-inbox';
const NAME = 'Demo webhook inbox';

describe('demo webhook inbox', () => {
  let t: TestApp;
  const prepare = () => prepareDemoShop({
    db: t.db, config: t.config, clock: t.clock, logger: silentLogger, writer: t.app.ingestion.writer, webhookInboxUrl: `${t.baseUrl}${INBOX}`,
  });
  const api = async (method: string, path: string) => {
    const token = signSessionToken(t.config.shopify.apiSecret, { shop: t.shop.domain, apiKey: t.config.shopify.apiKey });
    const r = await fetch(`${t.baseUrl}/api${path}`, { method, headers: { authorization: `Bearer ${token}` } });
    return { status: r.status, body: await r.json() as Record<string, unknown> };
  };
  const snapshot = async () => (await fetch(`${t.baseUrl}${INBOX}`, { headers: { accept: 'application/json' } })).json() as Promise<InboxSnapshot>;
  const inboxDestination = () => createDestinationQueries(t.db).findByName(t.shop.id, NAME)!;
  const secretOf = () => (JSON.parse(createTokenCipher(t.config.encryptionKey).decrypt(inboxDestination().credentialsSealed!)) as { secret: string }).secret;
  const post = (body: string, headers: Record<string, string>) => fetch(`${t.baseUrl}${INBOX}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const signed = (body: string, secret = secretOf(), timestamp = Math.floor(t.clock.now() / 1000)) =>
    post(body, { 'x-segments-timestamp': String(timestamp), 'x-segments-signature': signWebhookBody(secret, timestamp, body) });
  const batchBody = (over: Record<string, unknown> = {}) => JSON.stringify({
    id: `whb_${'ab'.repeat(20)}`, destinationId: inboxDestination().id, segment: { id: 1, name: 'Hand-made batch' }, sentAt: new Date(t.clock.now()).toISOString(),
    adds: [{ profileId: 9001, email: 'zed@example.com', customerId: null, properties: {}, marketingConsent: true, enteredAt: new Date(t.clock.now()).toISOString() }],
    updates: [], removes: [{ profileId: 9002, email: 'yan@example.com', customerId: '7' }], ...over,
  });

  beforeAll(async () => {
    // startTestApp does not run the demo preparation (server/index.ts does): run it as the server would.
    t = await startTestApp({ env: { DEMO_SHOPPERS: '400', DEMO_DAYS: '30' } });
    await prepare();
    t.app.segments.drain();
  }, 60_000);
  afterAll(async () => { await t?.stop(); });

  it('gives the demo shop one webhook destination to the inbox, linked to cart abandoners, and a second start adds none', async () => {
    const row = inboxDestination();
    expect(row).toMatchObject({ kind: 'webhook', status: 'active' });
    expect(JSON.parse(row.settings)).toEqual({ url: `${t.baseUrl}${INBOX}`, requireMarketingConsent: true });
    expect(secretOf()).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const links = createDestinationQueries(t.db).linksOf(row.id);
    const cart = t.db.prepare("SELECT id FROM segments WHERE shop_id = ? AND template_key = 'cart_abandoners'").pluck().get(t.shop.id);
    expect(links.map((l) => l.segmentId)).toEqual([cart]);

    await prepare();
    expect(createDestinationQueries(t.db).list(t.shop.id).map((d) => [d.id, d.name, d.credentialsSealed])).toEqual([[row.id, NAME, row.credentialsSealed]]);

    // The admin sees it like any other, without its secret; "Test connection" reaches the inbox.
    const listed = await api('GET', `/destinations/${row.id}`);
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(secretOf());
    expect(await api('POST', `/destinations/${row.id}/test`)).toEqual({ status: 200, body: { ok: true } });
    expect((await snapshot()).totals.pings).toBe(1);
  });

  it('receives a real sync run: signatures verify and the adds equal the run\'s added count', async () => {
    const row = inboxDestination();
    const requested = await api('POST', `/destinations/${row.id}/sync`);
    expect(requested.status).toBe(202);
    await t.app.destinations.drain();
    const run = t.app.destinations.getRun(t.shop.id, requested.body.id as number)!;
    expect(run.status).toBe('succeeded');
    expect(run.added).toBeGreaterThan(0);

    const inbox = await snapshot();
    expect(inbox.entries.length).toBeGreaterThan(0);
    expect(inbox.entries.every((e) => e.signatureVerified && e.destinationId === row.id && e.segment.name === 'Cart abandoners (last 7 days)')).toBe(true);
    expect(inbox.totals).toMatchObject({ batches: inbox.entries.length, adds: run.added, updates: 0, removes: 0, refused: 0 });
    expect(inbox.entries.reduce((n, e) => n + e.adds, 0)).toBe(run.added);
    expect(createDestinationQueries(t.db).linksOf(row.id)[0]!.syncedMembers).toBe(run.added);
    // Nothing changed since: a second run sends nothing.
    const again = await api('POST', `/destinations/${row.id}/sync`);
    await t.app.destinations.drain();
    expect(t.app.destinations.getRun(t.shop.id, again.body.id as number)).toMatchObject({ status: 'succeeded', added: 0, removed: 0, updated: 0 });
    expect((await snapshot()).totals.batches).toBe(inbox.totals.batches);
  });

  it('refuses a forged, stale or missing signature with 401 and records nothing', async () => {
    const before = await snapshot();
    const body = batchBody({ id: `whb_${'cd'.repeat(20)}` });
    const cases = [
      await signed(body, 'whsec_not-the-secret-of-any-destination'),
      await signed(body, secretOf(), Math.floor(t.clock.now() / 1000) - 301),
      await post(body, {}),
      // Signed, then altered: the signature covers the exact bytes.
      await post(body.replace('zed@', 'eve@'), Object.fromEntries(
        [['x-segments-timestamp', String(Math.floor(t.clock.now() / 1000))], ['x-segments-signature', signWebhookBody(secretOf(), Math.floor(t.clock.now() / 1000), body)]])),
    ];
    for (const r of cases) {
      expect(r.status).toBe(401);
      expect((await r.json() as { error: { code: string } }).error.code).toBe('invalid_signature');
    }
    const after = await snapshot();
    expect(after.entries).toEqual(before.entries);
    expect(after.totals).toEqual({ ...before.totals, refused: before.totals.refused + cases.length });
  });

  it('answers 400 to a signed body that is not a batch, 413 past 5 MB, and keeps a re-sent batch once', async () => {
    const before = await snapshot();
    expect((await signed('{"id":')).status).toBe(400);
    const invalid = await signed(batchBody({ adds: [{ profileId: 'x' }] }));
    expect(invalid.status).toBe(400);
    expect((await invalid.json() as { error: { code: string } }).error.code).toBe('invalid_batch');
    expect((await signed(' '.repeat(5 * 1024 * 1024 + 1))).status).toBe(413);
    expect((await snapshot()).totals.batches).toBe(before.totals.batches);

    const body = batchBody();
    const first = await signed(body);
    expect(await first.json()).toEqual({ ok: true, duplicate: false });
    const second = await signed(body);
    expect(await second.json()).toEqual({ ok: true, duplicate: true });
    const after = await snapshot();
    expect(after.totals).toMatchObject({ batches: before.totals.batches + 1, adds: before.totals.adds + 1, removes: 1, repeats: 1 });
    expect(after.entries[0]).toMatchObject({
      batchId: `whb_${'ab'.repeat(20)}`, adds: 1, removes: 1, repeats: 1,
      sample: [{ op: 'add', profileId: 9001, maskedEmail: 'z***@example.com' }, { op: 'remove', profileId: 9002, maskedEmail: 'y***@example.com' }],
    });
  });

  it('lists the batches on a plain HTML page, escaped, with masked emails only', async () => {
    expect((await signed(batchBody({ id: `whb_${'ef'.repeat(20)}`, segment: { id: 2, name: '<script>alert(1)</script>' } }))).status).toBe(200);
    const r = await fetch(`${t.baseUrl}${INBOX}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await r.text();
    const inbox = await snapshot();
    expect(html.match(/<tr data-batch-id=/g)?.length).toBe(inbox.entries.length);
    expect(html).toContain('Cart abandoners (last 7 days)');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('z***@example.com');
    expect(html).toContain('verified');
    // Every address the shop holds, and anything shaped like one: none is on the page in full.
    const emails = t.db.prepare("SELECT value FROM identifiers WHERE shop_id = ? AND kind = 'email'").pluck().all(t.shop.id) as string[];
    expect(emails.length).toBeGreaterThan(0);
    for (const email of [...emails, 'zed@example.com', 'yan@example.com']) expect(html).not.toContain(email);
    expect(html).not.toMatch(/[^\s>*]{2,}@/);
    // The synced members are shown as their profile id and the mask of their own address.
    const emailOf = t.db.prepare("SELECT value FROM identifiers WHERE shop_id = ? AND kind = 'email' AND profile_id = ?").pluck();
    const synced = inbox.entries.filter((e) => e.segment.name === 'Cart abandoners (last 7 days)').flatMap((e) => e.sample);
    expect(synced.length).toBeGreaterThan(0);
    for (const m of synced) {
      expect(m.maskedEmail).toBe(maskEmail(emailOf.get(t.shop.id, m.profileId) as string));
      expect(html).toContain(`profile ${m.profileId} · ${m.maskedEmail}`);
    }
  });
});

describe('demo webhook inbox outside demo mode', () => {
  it('does not exist', async () => {
    const t = await startTestApp({ env: { SHOPIFY_API_KEY: 'key', SHOPIFY_API_SECRET: 'secret', ENCRYPTION_KEY: '11'.repeat(32) } });
    try {
      expect((await fetch(`${t.baseUrl}${INBOX}`, { method: 'POST', body: '{}' })).status).toBe(404);
      expect((await fetch(`${t.baseUrl}${INBOX}`, { headers: { accept: 'application/json' } })).status).toBe(404);
    } finally {
      await t.stop();
    }
  });
});

describe('demoWebhookInboxUrl', () => {
  it('uses the address the server listens on, loopback for a wildcard', () => {
    expect(demoWebhookInboxUrl({ host: '127.0.0.1', port: 3000 })).toBe('http://127.0.0.1:3000/demo/webhook-inbox');
    expect(demoWebhookInboxUrl({ host: '0.0.0.0', port: 3000 })).toBe('http://127.0.0.1:3000/demo/webhook-inbox');
    expect(demoWebhookInboxUrl({ host: 'localhost', port: 8080 })).toBe('http://localhost:8080/demo/webhook-inbox');
    expect(demoWebhookInboxUrl({ host: '::', port: 3000 })).toBe('http://[::1]:3000/demo/webhook-inbox');
    expect(demoWebhookInboxUrl({ host: '::1', port: 3000 })).toBe('http://[::1]:3000/demo/webhook-inbox');
    expect(demoWebhookInboxUrl({ host: '127.0.0.1', port: 0 })).toBeNull();
  });

  it('masks an address down to its first character and domain', () => {
    expect(maskEmail('ada@example.com')).toBe('a***@example.com');
    expect(maskEmail('@example.com')).toBe('***');
    expect(maskEmail('not-an-email')).toBe('***');
  });
});
