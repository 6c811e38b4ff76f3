import { describe, expect, it } from 'vitest';
import {
  createIdentityResolver, readStoredId, SESSION_KEY, SESSION_TTL_MS, VISITOR_TTL_MS, VISITOR_KEY, visitorIdFromClientId, type IdentityStorage,
} from '../../../extensions/checkout-pixel/src/resolve-pixel-identity.js';
import { CLIENT_ID } from './pixel-event-fixtures.js';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const VISITOR = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const SESSION = '0190a1b2-c3d4-7e5f-8a9b-000000000001';

/** Shopify's `browser.localStorage`: async, string values, backed by a Map here. */
function fakeStorage(entries: Record<string, string> = {}) {
  const items = new Map(Object.entries(entries));
  const storage: IdentityStorage = {
    getItem: async (key) => items.get(key) ?? null,
    setItem: async (key, value) => {
      items.set(key, String(value));
    },
  };
  return { storage, items };
}

const entry = (id: string, exp: number) => JSON.stringify({ id, exp });
const ids = () => {
  let n = 0;
  return () => `new-id-${++n}`;
};

describe('resolving the visitor and session the pixel sends', () => {
  it('joins the storefront tracker: its visitor and session, with the session slid forward', async () => {
    // The tracker sent 10 minutes ago: it pushed its visitor's expiry a year ahead of then.
    const visitorExp = NOW - 10 * 60_000 + VISITOR_TTL_MS;
    const { storage, items } = fakeStorage({ [VISITOR_KEY]: entry(VISITOR, visitorExp), [SESSION_KEY]: entry(SESSION, NOW + 60_000) });
    const resolved = await createIdentityResolver(storage, ids())(CLIENT_ID, NOW);
    expect(resolved).toEqual({ visitorId: VISITOR, sessionId: SESSION, trackerActive: true });
    expect(JSON.parse(items.get(SESSION_KEY)!)).toEqual({ id: SESSION, exp: NOW + SESSION_TTL_MS });
    expect(JSON.parse(items.get(VISITOR_KEY)!)).toEqual({ id: VISITOR, exp: visitorExp });
  });

  it('keeps what the tracker stores in a live session (announced customer, cart token) when it slides it', async () => {
    const stored = JSON.stringify({ id: SESSION, exp: NOW + 60_000, c: '7001', t: 'cart-token-1' });
    const { storage, items } = fakeStorage({ [SESSION_KEY]: stored });
    await createIdentityResolver(storage, ids())(CLIENT_ID, NOW);
    expect(JSON.parse(items.get(SESSION_KEY)!)).toEqual({ id: SESSION, exp: NOW + SESSION_TTL_MS, c: '7001', t: 'cart-token-1' });
  });

  it('does not count a visitor the tracker last touched over a session ago as an active tracker (embed turned off)', async () => {
    const { storage } = fakeStorage({ [VISITOR_KEY]: entry(VISITOR, NOW - SESSION_TTL_MS - 1 + VISITOR_TTL_MS) });
    const resolved = await createIdentityResolver(storage, ids())(CLIENT_ID, NOW);
    expect(resolved).toEqual({ visitorId: VISITOR, sessionId: 'new-id-1', trackerActive: false });
  });

  it('without a fresh tracker visitor: Shopify’s client id, and a session the pixel writes the tracker’s way', async () => {
    const { storage, items } = fakeStorage({ [VISITOR_KEY]: entry(VISITOR, NOW - 1) });
    const resolve = createIdentityResolver(storage, ids());
    const first = await resolve(CLIENT_ID, NOW);
    expect(first).toEqual({ visitorId: CLIENT_ID, sessionId: 'new-id-1', trackerActive: false });
    expect(JSON.parse(items.get(SESSION_KEY)!)).toEqual({ id: 'new-id-1', exp: NOW + SESSION_TTL_MS });
    // 29 minutes later: same session, slid again. 31 minutes after that: a new one.
    expect((await resolve(CLIENT_ID, NOW + 29 * 60_000)).sessionId).toBe('new-id-1');
    expect((await resolve(CLIENT_ID, NOW + 29 * 60_000 + SESSION_TTL_MS + 1)).sessionId).toBe('new-id-2');
  });

  it('ignores malformed entries', async () => {
    for (const raw of ['not json', 'null', '{"id":"x"}', '{"id":42,"exp":9e15}', `{"id":"has space","exp":${NOW + 1000}}`, `{"id":"${'x'.repeat(65)}","exp":${NOW + 1000}}`]) {
      expect(readStoredId(raw, NOW), raw).toBeNull();
    }
    expect(readStoredId(entry('ok', NOW + 1), NOW)).toBe('ok');
    expect(readStoredId(entry('ok', NOW), NOW)).toBeNull();
  });

  it('keeps a session in memory when storage throws', async () => {
    const broken: IdentityStorage = {
      getItem: () => Promise.reject(new Error('SecurityError')),
      setItem: () => Promise.reject(new Error('QuotaExceededError')),
    };
    const resolve = createIdentityResolver(broken, ids());
    const first = await resolve(CLIENT_ID, NOW);
    const second = await resolve(CLIENT_ID, NOW + 60_000);
    expect(first).toEqual({ visitorId: CLIENT_ID, sessionId: 'new-id-1', trackerActive: false });
    expect(second.sessionId).toBe('new-id-1');
  });

  it('hashes a client id that does not fit a visitor id, and makes one up when there is none', async () => {
    const long = `client-${'x'.repeat(80)}`;
    expect(visitorIdFromClientId(long)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(visitorIdFromClientId(long)).toBe(visitorIdFromClientId(long));
    const { storage } = fakeStorage();
    expect((await createIdentityResolver(storage, ids())('', NOW)).visitorId).toBe('new-id-2');
  });
});

describe('concurrent batches', () => {
  it('share one new session even when both read storage before either wrote it', async () => {
    const items = new Map<string, string>();
    // Storage answers late, as the sandbox's postMessage round trip does.
    const slow: IdentityStorage = {
      getItem: (key) => new Promise((resolve) => setTimeout(() => resolve(items.get(key) ?? null), 5)),
      setItem: (key, value) => new Promise((resolve) => setTimeout(() => resolve(void items.set(key, String(value))), 5)),
    };
    const resolve = createIdentityResolver(slow, ids());
    const [a, b] = await Promise.all([resolve(CLIENT_ID, NOW), resolve(CLIENT_ID, NOW)]);
    expect(a.sessionId).toBe('new-id-1');
    expect(b.sessionId).toBe('new-id-1');
  });
});
