import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';
import { fixedClock } from '../../server/clock.js';
import { createShopQueries } from '../../server/db/shops.js';
import { createTokenCipher } from '../../server/auth/create-token-cipher.js';
import { adminApiClient } from './admin-api-client.js';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const OTHER_SHOP = 'other-shop.myshopify.com';
const KLAVIYO_KEY = 'pk_live_0123456789abcdef';
const MAILCHIMP_KEY = '0123456789abcdef0123456789abcdef-us21';
const WEBHOOK_SECRET = 'my-own-receiver-secret-0001';

describe('/api/destinations: create, read, change, delete', () => {
  let t: TestApp;
  const clock = fixedClock(NOW);
  const call = adminApiClient(() => t);
  const rawRow = (id: number) => t.db.prepare('SELECT * FROM destinations WHERE id = ?').get(id) as Record<string, unknown> | undefined;
  const unseal = (id: number) => JSON.parse(createTokenCipher(t.config.encryptionKey).decrypt(rawRow(id)!.credentials_sealed as string)) as unknown;
  const countRows = () => t.db.prepare('SELECT count(*) FROM destinations').pluck().get() as number;
  /** Every secret this suite ever sent or received: none may appear in any answer. */
  const secrets = new Set<string>([KLAVIYO_KEY, MAILCHIMP_KEY, WEBHOOK_SECRET]);
  const expectNoSecret = (body: unknown) => {
    const text = JSON.stringify(body);
    for (const s of secrets) expect(text).not.toContain(s);
    expect(text).not.toMatch(/"(apiKey|secret|credentials|credentials_sealed|credentialsSealed)"/);
  };

  beforeAll(async () => {
    t = await startTestApp({ clock });
    createShopQueries(t.db).ensure(OTHER_SHOP, NOW);
  });
  afterAll(async () => { await t?.stop(); });

  it('creates each kind with its defaults, stores the credentials sealed and never returns them', async () => {
    const klaviyo = await call('POST', '/destinations', { kind: 'klaviyo', name: '  Klaviyo main ', credentials: { apiKey: KLAVIYO_KEY } });
    expect(klaviyo).toEqual({
      status: 201,
      body: {
        id: expect.any(Number), kind: 'klaviyo', name: 'Klaviyo main', settings: { subscribeWithConsent: false }, credentialsSet: true,
        status: 'active', paused: null, links: [], lastRun: null, createdAt: new Date(NOW).toISOString(), updatedAt: new Date(NOW).toISOString(),
      },
    });
    const mailchimp = await call('POST', '/destinations', {
      kind: 'mailchimp', name: 'Newsletter', settings: { audienceId: 'a1b2c3d4e5' }, credentials: { apiKey: MAILCHIMP_KEY },
    });
    expect(mailchimp.status).toBe(201);
    expect(mailchimp.body).toMatchObject({ kind: 'mailchimp', settings: { audienceId: 'a1b2c3d4e5' }, credentialsSet: true });
    const tags = await call('POST', '/destinations', { kind: 'shopify_tags', name: 'Customer tags' });
    expect(tags.status).toBe(201);
    expect(tags.body).toMatchObject({ kind: 'shopify_tags', settings: { tagPrefix: 'ss-' } });
    const webhook = await call('POST', '/destinations', {
      kind: 'webhook', name: 'CDP', settings: { url: 'https://hooks.example.com/in' }, credentials: { secret: WEBHOOK_SECRET },
    });
    expect(webhook.status).toBe(201);
    expect(webhook.body).toMatchObject({ kind: 'webhook', settings: { url: 'https://hooks.example.com/in', requireMarketingConsent: true } });
    // The merchant chose this secret: it is not echoed.
    expect(webhook.body).not.toHaveProperty('signingSecret');

    for (const created of [klaviyo, mailchimp, tags, webhook]) expectNoSecret(created.body);
    const sealed = rawRow(klaviyo.body.id)!.credentials_sealed as string;
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain(KLAVIYO_KEY);
    expect(JSON.parse(rawRow(klaviyo.body.id)!.settings as string)).toEqual({ subscribeWithConsent: false });
    expect(unseal(klaviyo.body.id)).toEqual({ apiKey: KLAVIYO_KEY });
    expect(unseal(mailchimp.body.id)).toEqual({ apiKey: MAILCHIMP_KEY });
    expect(unseal(tags.body.id)).toEqual({});
    expect(unseal(webhook.body.id)).toEqual({ secret: WEBHOOK_SECRET });

    const list = await call('GET', '/destinations');
    expect(list.status).toBe(200);
    expect(list.body.map((d: { name: string }) => d.name)).toEqual(['Klaviyo main', 'Newsletter', 'Customer tags', 'CDP']);
    expectNoSecret(list.body);
    const one = await call('GET', `/destinations/${klaviyo.body.id}`);
    expect(one).toEqual({ status: 200, body: klaviyo.body });
  });

  it('generates a webhook signing secret when none is given and shows it once', async () => {
    const created = await call('POST', '/destinations', { kind: 'webhook', name: 'Generated', settings: { url: 'http://localhost:9/hook' } });
    expect(created.status).toBe(201);
    const secret = created.body.signingSecret as string;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    secrets.add(secret);
    expect(unseal(created.body.id)).toEqual({ secret });
    const again = await call('GET', `/destinations/${created.body.id}`);
    expect(again.body).not.toHaveProperty('signingSecret');
    expectNoSecret(again.body);
    expectNoSecret((await call('GET', '/destinations')).body);
    // Two destinations never share a generated secret.
    const other = await call('POST', '/destinations', { kind: 'webhook', name: 'Generated 2', settings: { url: 'http://localhost:9/hook' } });
    expect(other.body.signingSecret).not.toBe(secret);
    secrets.add(other.body.signingSecret);
    expect((await call('DELETE', `/destinations/${other.body.id}`)).status).toBe(204);
  });

  it('refuses bad bodies with 400 invalid_body naming every bad field, and saves nothing of them', async () => {
    const before = (await call('GET', '/destinations')).body;
    const rows = countRows();
    const cases: { body: unknown; fields: string[] }[] = [
      { body: { kind: 'klaviyo', name: '', credentials: { apiKey: 'short' } }, fields: ['name', 'credentials.apiKey'] },
      { body: { kind: 'klaviyo', name: 'x'.repeat(81), credentials: { apiKey: KLAVIYO_KEY } }, fields: ['name'] },
      { body: { kind: 'klaviyo', name: 'No key' }, fields: ['credentials.apiKey'] },
      { body: { kind: 'klaviyo', name: 'K2', credentials: { apiKey: KLAVIYO_KEY, password: 'x' } }, fields: ['credentials'] },
      { body: { kind: 'klaviyo', name: 'K3', settings: { subscribeWithConsent: 'yes' }, credentials: { apiKey: KLAVIYO_KEY } }, fields: ['settings.subscribeWithConsent'] },
      { body: { kind: 'mailchimp', name: 'M', settings: {}, credentials: { apiKey: 'not-a-mailchimp-key!' } }, fields: ['settings.audienceId', 'credentials.apiKey'] },
      { body: { kind: 'mailchimp', name: 'M', settings: { audienceId: 'has space' }, credentials: { apiKey: MAILCHIMP_KEY } }, fields: ['settings.audienceId'] },
      { body: { kind: 'shopify_tags', name: 'S', settings: { tagPrefix: 'a,b' } }, fields: ['settings.tagPrefix'] },
      { body: { kind: 'shopify_tags', name: 'S', credentials: { token: 'shpat_x' } }, fields: ['credentials'] },
      { body: { kind: 'webhook', name: 'W', settings: { url: 'ftp://example.com/x' } }, fields: ['settings.url'] },
      { body: { kind: 'webhook', name: 'W', settings: { url: 'https://example.com' }, credentials: { secret: 'too-short' } }, fields: ['credentials.secret'] },
      { body: { kind: 'webhook', name: 'W', settings: {} }, fields: ['settings.url'] },
      { body: { kind: 'webhook', name: 5, settings: 'https://example.com' }, fields: ['name', 'settings'] },
      { body: { kind: 'fax', name: 'F' }, fields: ['kind'] },
      { body: { name: 'No kind' }, fields: ['kind'] },
      { body: { kind: 'klaviyo', name: 'K4', credentials: { apiKey: KLAVIYO_KEY }, colour: 'red' }, fields: [''] },
      { body: [], fields: [''] },
    ];
    for (const { body, fields } of cases) {
      const r = await call('POST', '/destinations', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe('invalid_body');
      expect(r.body.error.fields.map((f: { path: string }) => f.path), JSON.stringify(body)).toEqual(fields);
      expect(r.body.error.message).toMatch(fields[0] ? `Invalid field "${fields[0]}"` : 'Invalid request');
      // A refused credential is not echoed back either.
      expect(JSON.stringify(r.body)).not.toContain('not-a-mailchimp-key!');
      expect(JSON.stringify(r.body)).not.toContain('shpat_x');
    }
    expect((await call('POST', '/destinations', '{"kind":')).body.error.code).toBe('malformed_json');
    expect(countRows()).toBe(rows);
    expect((await call('GET', '/destinations')).body).toEqual(before);
  });

  it('keeps names unique per shop, and each shop\'s destinations apart', async () => {
    const taken = await call('POST', '/destinations', { kind: 'shopify_tags', name: 'Customer tags' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('destination_name_taken');
    const theirs = await call('POST', '/destinations', { kind: 'shopify_tags', name: 'Customer tags' }, OTHER_SHOP);
    expect(theirs.status).toBe(201);
    expect((await call('GET', '/destinations', undefined, OTHER_SHOP)).body.map((d: { id: number }) => d.id)).toEqual([theirs.body.id]);
    for (const [method, path, body] of [
      ['GET', `/destinations/${theirs.body.id}`], ['PATCH', `/destinations/${theirs.body.id}`, { name: 'Mine now' }],
      ['DELETE', `/destinations/${theirs.body.id}`], ['GET', '/destinations/999999'], ['GET', '/destinations/abc'], ['GET', '/destinations/0'],
    ] as const) {
      const r = await call(method, path, body);
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(r.body.error.code).toBe('destination_not_found');
    }
    expect(rawRow(theirs.body.id)).toMatchObject({ name: 'Customer tags', shop_id: createShopQueries(t.db).byDomain(OTHER_SHOP)!.id });
  });

  it('caps the destinations of a shop', async () => {
    const shop = 'crowded-shop.myshopify.com';
    createShopQueries(t.db).ensure(shop, NOW);
    for (let i = 0; i < 20; i += 1) expect((await call('POST', '/destinations', { kind: 'shopify_tags', name: `Tags ${i}` }, shop)).status).toBe(201);
    const over = await call('POST', '/destinations', { kind: 'shopify_tags', name: 'Tags 21' }, shop);
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe('too_many_destinations');
  });

  it('patches name, merged settings and replaced credentials, and pauses and resumes', async () => {
    const created = await call('POST', '/destinations', { kind: 'webhook', name: 'Patch me', settings: { url: 'https://a.example.com/x' }, credentials: { secret: WEBHOOK_SECRET } });
    const id = created.body.id as number;
    clock.advance(1_000);
    const renamed = await call('PATCH', `/destinations/${id}`, { name: 'Patched', settings: { requireMarketingConsent: false } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({
      name: 'Patched', settings: { url: 'https://a.example.com/x', requireMarketingConsent: false }, updatedAt: new Date(NOW + 1_000).toISOString(),
    });
    expect(unseal(id)).toEqual({ secret: WEBHOOK_SECRET });

    // credentials {} on a webhook: a new secret, shown once, the old one gone.
    const rotated = await call('PATCH', `/destinations/${id}`, { credentials: {} });
    expect(rotated.body.signingSecret).toMatch(/^whsec_/);
    secrets.add(rotated.body.signingSecret);
    expect(unseal(id)).toEqual({ secret: rotated.body.signingSecret });
    expectNoSecret((await call('GET', `/destinations/${id}`)).body);

    const paused = await call('PATCH', `/destinations/${id}`, { status: 'paused' });
    expect(paused.body).toMatchObject({ status: 'paused', paused: { reason: 'merchant', message: null } });
    // New credentials do not lift the merchant's own pause.
    expect((await call('PATCH', `/destinations/${id}`, { credentials: { secret: WEBHOOK_SECRET } })).body).toMatchObject({ status: 'paused' });
    expect((await call('PATCH', `/destinations/${id}`, { status: 'active' })).body).toMatchObject({ status: 'active', paused: null });
  });

  it('lifts a credentials_rejected pause when the credentials are replaced', async () => {
    const created = await call('POST', '/destinations', { kind: 'klaviyo', name: 'Rejected', credentials: { apiKey: KLAVIYO_KEY } });
    t.db.prepare("UPDATE destinations SET status = 'paused', paused_reason = 'credentials_rejected', paused_message = 'Invalid API key' WHERE id = ?").run(created.body.id);
    expect((await call('GET', `/destinations/${created.body.id}`)).body).toMatchObject({ status: 'paused', paused: { reason: 'credentials_rejected', message: 'Invalid API key' } });
    const sync = await call('POST', `/destinations/${created.body.id}/sync`);
    expect(sync.status).toBe(409);
    expect(sync.body.error.code).toBe('destination_paused');
    const fixed = await call('PATCH', `/destinations/${created.body.id}`, { credentials: { apiKey: 'pk_live_replacement_key' } });
    secrets.add('pk_live_replacement_key');
    expect(fixed.body).toMatchObject({ status: 'active', paused: null, credentialsSet: true });
    expectNoSecret(fixed.body);
    expect(unseal(created.body.id)).toEqual({ apiKey: 'pk_live_replacement_key' });
  });

  it('refuses a bad PATCH whole: nothing of it is saved', async () => {
    const created = await call('POST', '/destinations', { kind: 'mailchimp', name: 'Keep me', settings: { audienceId: 'aud1' }, credentials: { apiKey: MAILCHIMP_KEY } });
    const id = created.body.id as number;
    const before = rawRow(id);
    for (const [body, fields] of [
      [{}, ['']], [{ kind: 'klaviyo' }, ['']], [{ name: '' }, ['name']], [{ status: 'deleted' }, ['status']],
      [{ name: 'Renamed', settings: { audienceId: '' } }, ['settings.audienceId']],
      [{ name: 'Renamed', settings: { audienceId: 'ok2' }, credentials: { apiKey: 'bad' } }, ['credentials.apiKey']],
      [{ settings: { audienceId: 'x', url: 'https://example.com' } }, ['settings']],
    ] as const) {
      const r = await call('PATCH', `/destinations/${id}`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe('invalid_body');
      expect(r.body.error.fields.map((f: { path: string }) => f.path)).toEqual(fields);
    }
    const taken = await call('PATCH', `/destinations/${id}`, { name: 'Newsletter', settings: { audienceId: 'other' } });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('destination_name_taken');
    expect(rawRow(id)).toEqual(before);
  });

  it('locks the audience and tag prefix once a linked segment was synced with them', async () => {
    const created = await call('POST', '/destinations', { kind: 'mailchimp', name: 'Locked', settings: { audienceId: 'aud1' }, credentials: { apiKey: MAILCHIMP_KEY } });
    const id = created.body.id as number;
    // Before any sync, moving is harmless.
    expect((await call('PATCH', `/destinations/${id}`, { settings: { audienceId: 'aud2' } })).body.settings).toEqual({ audienceId: 'aud2' });
    const segment = await call('POST', '/segments', { name: 'Locked segment', query: 'number_of_orders >= 1000000', kpi: 'conversion_rate', activation: { channel: 'email', plan: 'p' } });
    expect((await call('POST', `/destinations/${id}/links`, { segmentId: segment.body.segment.id })).status).toBe(201);
    t.db.prepare("UPDATE destination_links SET remote_ref = 'ss-locked-segment' WHERE destination_id = ?").run(id);
    const moved = await call('PATCH', `/destinations/${id}`, { settings: { audienceId: 'aud3' } });
    expect(moved.status).toBe(409);
    expect(moved.body.error.code).toBe('remote_settings_locked');
    expect(JSON.parse(rawRow(id)!.settings as string)).toEqual({ audienceId: 'aud2' });
    // The same value, or the key, can still be changed.
    expect((await call('PATCH', `/destinations/${id}`, { settings: { audienceId: 'aud2' }, credentials: { apiKey: `ffff${MAILCHIMP_KEY}` } })).status).toBe(200);
    secrets.add(`ffff${MAILCHIMP_KEY}`);
  });

  it('deletes a destination with its links, runs and synced state', async () => {
    const created = await call('POST', '/destinations', { kind: 'shopify_tags', name: 'Delete me' });
    const id = created.body.id as number;
    const segment = await call('POST', '/segments', { name: 'Delete segment', query: 'number_of_orders >= 1000000', kpi: 'conversion_rate', activation: { channel: 'email', plan: 'p' } });
    await call('POST', `/destinations/${id}/links`, { segmentId: segment.body.segment.id });
    t.db.prepare("INSERT INTO sync_runs (destination_id, trigger, status, created_at) VALUES (?, 'manual', 'succeeded', ?)").run(id, NOW);
    expect((await call('DELETE', `/destinations/${id}`))).toEqual({ status: 204, body: null });
    expect((await call('GET', `/destinations/${id}`)).status).toBe(404);
    expect((await call('DELETE', `/destinations/${id}`)).status).toBe(404);
    expect(t.db.prepare('SELECT count(*) FROM destination_links WHERE destination_id = ?').pluck().get(id)).toBe(0);
    expect(t.db.prepare('SELECT count(*) FROM sync_runs WHERE destination_id = ?').pluck().get(id)).toBe(0);
    // The segment itself stays.
    expect((await call('GET', `/segments/${segment.body.segment.id}`)).status).toBe(200);
  });
});
