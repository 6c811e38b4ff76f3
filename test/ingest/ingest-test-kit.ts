import { randomUUID } from 'node:crypto';
import type { Db } from '../../server/db/open-database.js';
import { expectedAppProxySignature } from '../../server/shopify/verify-app-proxy-signature.js';
import type { WireEvent } from '../../server/ingest/wire-event.js';
import type { TestApp } from '../helpers/start-test-app.js';

export const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
export const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

/** Env for apps whose tests send many requests from 127.0.0.1: the per-IP default (20/s) would throttle them. */
export const GENEROUS_LIMITS = { RATE_LIMIT_PER_IP: '100000', RATE_LIMIT_PER_SHOP: '100000' };

export function wireEvent(t: TestApp, overrides: Partial<WireEvent> & Record<string, unknown> = {}): WireEvent {
  return {
    id: randomUUID(),
    name: 'Page_Viewed',
    ts: new Date(t.clock.now() - 1000).toISOString(),
    visitorId: 'visitor-1',
    sessionId: 'session-1',
    properties: { title: 'Home' },
    context: {
      url: 'https://demo-shop.myshopify.com/products/linen-shirt?utm_source=newsletter&variant=blue-xl#reviews',
      referrer: 'https://www.google.com/search?q=linen+shirt',
      viewport: { w: 390, h: 844 },
      userAgent: IPHONE_SAFARI,
      touch: true,
    },
    consent: { analytics: true, marketing: true, preferences: true, saleOfData: true, gpc: false },
    ...overrides,
  };
}

export interface Posted {
  status: number;
  // Responses are asserted field by field with expect(); any keeps those assertions short.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Headers;
}

export async function post(url: string, body: unknown, init: { contentType?: string; headers?: Record<string, string>; raw?: boolean } = {}): Promise<Posted> {
  const res = await fetch(url, {
    method: 'POST',
    // fetch's own User-Agent ("node") is a bot's to isbot, as it should be: tests speak as a browser.
    headers: { 'content-type': init.contentType ?? 'text/plain;charset=UTF-8', 'user-agent': IPHONE_SAFARI, ...init.headers },
    body: init.raw ? (body as string) : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

export function collect(t: TestApp, events: unknown[], init?: Parameters<typeof post>[2], envelope: Record<string, unknown> = {}): Promise<Posted> {
  return post(`${t.baseUrl}/collect`, { shop: t.shop.domain, key: t.shop.ingestKey, events, ...envelope }, init);
}

/** A query string signed exactly as Shopify's app proxy signs it. */
export function proxyQuery(t: TestApp, params: { customerId?: string; timestamp?: number; shop?: string; secret?: string } = {}): Record<string, string> {
  const query: Record<string, string> = {
    shop: params.shop ?? t.shop.domain,
    logged_in_customer_id: params.customerId ?? '',
    path_prefix: '/apps/segments',
    timestamp: String(params.timestamp ?? Math.floor(t.clock.now() / 1000)),
  };
  return { ...query, signature: expectedAppProxySignature(query, params.secret ?? t.config.shopify.apiSecret) };
}

export function proxyCollect(t: TestApp, query: Record<string, string>, events: unknown[], init?: Parameters<typeof post>[2]): Promise<Posted> {
  return post(`${t.baseUrl}/proxy/collect?${new URLSearchParams(query)}`, { events }, init);
}

export interface EventRow {
  event_id: string;
  name: string;
  occurred_at: number;
  received_at: number;
  time_flagged: number;
  profile_id: number;
  visitor_id: string;
  cart_token: string | null;
  device: string;
  os: string | null;
  browser: string | null;
  page_path: string | null;
  referrer_host: string | null;
  properties: string;
  consent_marketing: number | null;
  consent_sale_of_data: number | null;
  gpc: number;
  source: string;
}

export const storedEvents = (db: Db): EventRow[] => db.prepare('SELECT * FROM events ORDER BY id').all() as EventRow[];
export const storedIds = (db: Db): string[] => db.prepare('SELECT event_id FROM events ORDER BY id').pluck().all() as string[];

export function counters(db: Db, shopId: number): Record<string, number> {
  const rows = db.prepare('SELECT reason, SUM(count) AS n FROM ingest_counters WHERE shop_id = ? GROUP BY reason').all(shopId) as { reason: string; n: number }[];
  return Object.fromEntries(rows.map((r) => [r.reason, r.n]));
}

/** Counters are written with the next group commit; a tally-only change still gets one shortly. */
export async function settle(ms = 30): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}
