import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ApiVersion } from '@shopify/shopify-api';
import { SHOPIFY_API_VERSION } from '../../server/shopify/create-shopify-api.js';
import { WEBHOOK_HANDLERS } from '../../server/webhooks/handlers/index.js';
import { ENDPOINT as TRACKER_ENDPOINT } from '../../extensions/storefront-tracker-src/send-events.js';
import { startTestApp, type TestApp } from '../helpers/start-test-app.js';
import { commentsOf, readTomlSubset, type TomlTable } from './read-toml-subset.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const toml = readTomlSubset(readFileSync(ROOT + 'shopify.app.toml', 'utf8'));
const table = (key: string) => toml[key] as TomlTable;
const subscriptions = (table('webhooks').subscriptions ?? []) as TomlTable[];
const COMPLIANCE = ['customers/data_request', 'customers/redact', 'shop/redact'];
const APP_TOPICS = [
  'orders/create', 'orders/updated', 'orders/cancelled', 'checkouts/create', 'checkouts/update',
  'customers/create', 'customers/update', 'customers_email_marketing_consent/update', 'app/uninstalled', 'bulk_operations/finish',
];
const topicsOf = (s: TomlTable) => [...((s.topics ?? []) as string[]), ...((s.compliance_topics ?? []) as string[])];
const handledBy = (s: TomlTable) => commentsOf(s).map((c) => /^Handled by: (\S+)$/.exec(c)?.[1]).filter((f) => f !== undefined);

describe('shopify.app.toml', () => {
  it('has the app keys the CLI requires', () => {
    expect(toml).toMatchObject({ name: 'Shopper Segments', embedded: true });
    expect(typeof toml.client_id).toBe('string');
    expect(() => new URL(toml.application_url as string)).not.toThrow();
    const redirects = table('auth').redirect_urls as string[];
    expect(redirects.length).toBeGreaterThan(0);
    for (const url of redirects) expect(new URL(url).pathname).toBe('/auth/callback');
    expect(table('pos')).toEqual({ embedded: false });
  });

  it('asks for exactly the scopes the app uses', () => {
    expect((table('access_scopes').scopes as string).split(',').sort()).toEqual(
      ['read_customer_events', 'read_customers', 'read_orders', 'read_themes', 'write_app_proxy', 'write_customers', 'write_pixels'],
    );
  });

  it('uses a webhook API version @shopify/shopify-api knows, the same the server uses', () => {
    const version = table('webhooks').api_version;
    expect(Object.values(ApiVersion)).toContain(version);
    expect(version).toBe(SHOPIFY_API_VERSION);
  });

  it('subscribes every topic once, to /webhooks, each naming a handler file that exists', () => {
    const topics = subscriptions.flatMap(topicsOf);
    expect(topics.sort()).toEqual([...APP_TOPICS, ...COMPLIANCE].sort());
    expect(subscriptions.flatMap((s) => (s.compliance_topics ?? []) as string[]).sort()).toEqual(COMPLIANCE);
    for (const s of subscriptions) {
      expect(topicsOf(s)).toHaveLength(1);
      expect(s.uri).toBe('/webhooks');
      const files = handledBy(s);
      expect(files, `# Handled by: comment for ${topicsOf(s).join()}`).toHaveLength(1);
      expect(existsSync(ROOT + files[0]), `${files[0]} (handler of ${topicsOf(s).join()}) exists`).toBe(true);
    }
  });

  it('subscribes every topic that has a handler in WEBHOOK_HANDLERS', () => {
    const subscribed = new Set(subscriptions.flatMap(topicsOf));
    for (const topic of Object.keys(WEBHOOK_HANDLERS)) expect(subscribed, `${topic} is handled but not subscribed`).toContain(topic);
  });

  it('names, for each topic in WEBHOOK_HANDLERS, the file that exports its handler', async () => {
    for (const s of subscriptions) {
      const [topic] = topicsOf(s);
      const handler = topic === undefined ? undefined : WEBHOOK_HANDLERS[topic];
      // A topic not in the map yet is acknowledged and does nothing; its file is checked above.
      if (!handler) continue;
      const module = (await import(ROOT + handledBy(s)[0])) as Record<string, unknown>;
      expect(Object.values(module), `${handledBy(s)[0]} exports the handler of ${topic}`).toContain(handler);
    }
  });
});

describe('shopify.app.toml app proxy', () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(async () => { await t.stop(); });

  it('forwards /apps/segments, where the storefront tracker sends, to a /proxy route the server serves', async () => {
    const proxy = table('app_proxy');
    expect(proxy).toEqual({ url: '/proxy', prefix: 'apps', subpath: 'segments' });
    expect(TRACKER_ENDPOINT).toBe(`/${proxy.prefix}/${proxy.subpath}/collect`);
    // Shopify maps /apps/segments/<rest> to <url>/<rest>; unsigned, the route answers 401, not 404.
    const rest = TRACKER_ENDPOINT.slice(`/${proxy.prefix}/${proxy.subpath}`.length);
    const res = await fetch(`${t.baseUrl}${proxy.url}${rest}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"events":[]}' });
    expect(res.status).toBe(401);
  });
});
