import { Script, createContext } from 'node:vm';
import type { CustomerPrivacyPayload, RegisterInit } from '@shopify/web-pixels-extension';
import type { CollectRequest, WireEvent } from '../../../server/ingest/wire-event.js';

/** The pixel always sends whole events (no `common` block). */
export type PixelRequest = Omit<CollectRequest, 'events' | 'common'> & { events: WireEvent[] };

export interface SentRequest {
  via: 'fetch' | 'beacon';
  url: string;
  body: PixelRequest;
  raw: string;
  init?: RequestInit;
}

export interface SandboxOptions {
  settings: Record<string, unknown>;
  init: RegisterInit;
  storage?: Record<string, string>;
  /** What the fake `fetch` does; `'missing'` leaves `fetch` undefined in the sandbox. */
  fetchMode?: 'ok' | 'reject' | 'missing';
}

/**
 * Runs the BUILT pixel bundle in a fresh V8 context with what Shopify's strict sandbox provides:
 * a `shopify.extend` host (what `register` calls), `fetch`, timers and `crypto`, but no DOM.
 * Timers are collected and fired by the test, so batching is deterministic.
 */
export function loadPixelBundle(code: string, options: SandboxOptions) {
  const subscribers = new Map<string, (event: unknown) => void>();
  const privacySubscribers = new Map<string, (payload: CustomerPrivacyPayload) => void>();
  const timers = new Map<number, () => void>();
  const sent: SentRequest[] = [];
  const consoleCalls: string[] = [];
  const storage = new Map(Object.entries(options.storage ?? {}));
  const extended: string[] = [];
  let nextTimer = 0;

  const record = (via: SentRequest['via'], url: string, raw: string, init?: RequestInit) => {
    sent.push({ via, url, raw, body: JSON.parse(raw) as PixelRequest, init });
  };
  const fetchMode = options.fetchMode ?? 'ok';
  const sandboxFetch = async (url: string, init: RequestInit) => {
    if (fetchMode === 'reject') throw new TypeError('Failed to fetch');
    record('fetch', url, String(init.body), init);
    return { status: 202, ok: true };
  };

  const api = {
    settings: options.settings,
    init: options.init,
    _pixelInfo: {},
    analytics: {
      subscribe(name: string, callback: (event: unknown) => void) {
        subscribers.set(name, callback);
        return () => subscribers.delete(name);
      },
    },
    customerPrivacy: {
      subscribe(name: string, callback: (payload: CustomerPrivacyPayload) => void) {
        privacySubscribers.set(name, callback);
        return () => privacySubscribers.delete(name);
      },
    },
    browser: {
      cookie: { get: async () => '', set: async () => '' },
      sessionStorage: { getItem: async () => null, setItem: async () => undefined },
      localStorage: {
        getItem: async (key: string) => storage.get(key) ?? null,
        setItem: async (key: string, value: unknown) => {
          storage.set(key, String(value));
        },
      },
      sendBeacon: async (url: string, body?: string) => {
        record('beacon', url, body ?? '');
        return true;
      },
    },
  };

  const context = createContext({
    shopify: {
      extend(extensionPoint: string, callback: (api: unknown) => void) {
        extended.push(extensionPoint);
        callback(api);
      },
    },
    fetch: fetchMode === 'missing' ? undefined : sandboxFetch,
    setTimeout: (callback: () => void) => {
      timers.set(++nextTimer, callback);
      return nextTimer;
    },
    clearTimeout: (id: number) => timers.delete(id),
    crypto: globalThis.crypto,
    console: new Proxy({}, { get: () => (...args: unknown[]) => consoleCalls.push(args.map(String).join(' ')) }),
  });
  new Script(code, { filename: 'checkout-pixel.js' }).runInContext(context);

  return {
    extended,
    subscribedNames: () => [...subscribers.keys()],
    sent,
    storage,
    consoleCalls,
    emit(event: { name: string }) {
      subscribers.get(event.name)?.(event);
    },
    changeConsent(analytics: boolean) {
      privacySubscribers.get('visitorConsentCollected')?.({
        customerPrivacy: { analyticsProcessingAllowed: analytics, marketingAllowed: false, preferencesProcessingAllowed: true, saleOfDataAllowed: true },
      });
    },
    /** Fires the pending batch timers and lets the async flush (storage, fetch) finish. */
    async flush() {
      for (const [id, callback] of [...timers]) {
        timers.delete(id);
        callback();
      }
      await settle();
    },
  };
}

export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}
