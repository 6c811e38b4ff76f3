import { randomUUID } from 'node:crypto';
import { signSessionToken } from '../../server/auth/sign-session-token.js';
import type { Db } from '../../server/db/open-database.js';
import type { TestApp } from '../helpers/start-test-app.js';

/** Calls the admin API of a test app with a real signed session token for `shop` (default: the demo shop). */
export function adminApiClient(t: () => TestApp) {
  return async (method: string, path: string, body?: unknown, shop?: string) => {
    const app = t();
    const token = signSessionToken(app.config.shopify.apiSecret, { shop: shop ?? app.shop.domain, apiKey: app.config.shopify.apiKey });
    const r = await fetch(`${app.baseUrl}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: r.status, body: r.status === 204 ? null : await r.json() };
  };
}

export interface SessionEvent {
  name: string;
  at: number;
  device?: 'mobile' | 'tablet' | 'desktop' | 'unknown';
  source?: string;
  session?: string | null;
  properties?: Record<string, unknown>;
  pagePath?: string;
}

/** A profile with these events, written straight into SQLite (what the admin reads, whoever wrote it). Returns the profile id. */
export function insertProfileEvents(db: Db, shopId: number, events: readonly SessionEvent[], customerId: string | null = null): number {
  const first = events.reduce((min, e) => Math.min(min, e.at), Infinity);
  const profile = db.prepare('INSERT INTO profiles (shop_id, customer_id, first_seen_at, last_seen_at, created_at) VALUES (?, ?, ?, ?, ?)');
  const event = db.prepare(`INSERT INTO events (shop_id, event_id, name, occurred_at, received_at, profile_id, session_id, device, source, page_path, properties)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  return db.transaction(() => {
    const profileId = Number(profile.run(shopId, customerId, first, first, first).lastInsertRowid);
    for (const e of events) {
      event.run(shopId, randomUUID(), e.name, e.at, e.at, profileId, e.session === undefined ? `s-${profileId}` : e.session,
        e.device ?? 'mobile', e.source ?? 'storefront', e.pagePath ?? null, JSON.stringify(e.properties ?? {}));
    }
    return profileId;
  })();
}
