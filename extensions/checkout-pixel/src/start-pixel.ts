import type { ExtensionApi } from '@shopify/web-pixels-extension';
import type { CollectRequest, WireConsent, WireEvent } from '../../../server/ingest/wire-event.js';
import { createEventBatcher } from './create-event-batcher.js';
import { consentOf, mapPixelEvent } from './map-pixel-event.js';
import { isCheckoutEvent, SUBSCRIBED_EVENTS, type SubscribedPixelEvent } from './pixel-event-names.js';
import { readPixelSettings } from './read-pixel-settings.js';
import { createIdentityResolver } from './resolve-pixel-identity.js';
import { sendCollectRequest, type CollectTransport } from './send-collect-request.js';

/** Batches are small and short-lived: the sandbox can be torn down with the page at any moment. */
export const MAX_BATCH_EVENTS = 10;
export const BATCH_DELAY_MS = 1000;

/** The globals the pixel uses, passed in so the wiring can be tested without a browser. */
export interface PixelEnvironment {
  fetch?: CollectTransport['fetch'];
  now(): number;
  randomId(): string;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  log(message: string): void;
}

interface Pending {
  event: SubscribedPixelEvent;
  /** Consent when the event happened, which is what the server must record. */
  consent: WireConsent;
}

type PixelApi = Pick<ExtensionApi, 'analytics' | 'browser' | 'init' | 'settings' | 'customerPrivacy'>;

/**
 * Wires Shopify's event bus to /collect. Nothing is queued, stored or sent while analytics consent
 * is missing; consent changes (`visitorConsentCollected`) apply without a reload. The decision to
 * leave storefront events to the theme app embed is taken when a batch is flushed, by then the
 * deferred tracker script has had a second to create its visitor id on a first visit.
 */
export function startPixel(api: PixelApi, env: PixelEnvironment): void {
  const { analytics, browser, init, customerPrivacy } = api;
  const settings = readPixelSettings(api.settings, init?.data?.shop?.myshopifyDomain);
  if (!settings) return;
  const log = settings.debug ? env.log : () => undefined;
  let consent = consentOf(init?.customerPrivacy);
  const resolveIdentity = createIdentityResolver(browser.localStorage, env.randomId);

  const send = async (batch: Pending[]): Promise<void> => {
    const now = env.now();
    const identity = await resolveIdentity(batch[0]?.event.clientId ?? '', now);
    const events: WireEvent[] = [];
    for (const { event, consent: given } of batch) {
      if (identity.trackerActive && !isCheckoutEvent(event.name)) continue;
      const wire = mapPixelEvent(event, {
        ...identity,
        consent: given,
        customerId: init?.data?.customer?.id,
        cartToken: init?.data?.cart?.id,
        now,
      });
      if (wire) events.push(wire);
    }
    log(`flush: ${batch.length} pixel events, ${events.length} sent${identity.trackerActive ? ' (storefront left to the theme tracker)' : ''}`);
    if (events.length === 0) return;
    const request: CollectRequest = { shop: settings.shop, key: settings.ingestKey, source: 'pixel', events };
    const outcome = await sendCollectRequest(settings.collectorUrl, JSON.stringify(request), { fetch: env.fetch, sendBeacon: browser.sendBeacon });
    log(`sent via ${outcome.via}${outcome.via === 'fetch' ? ` (${outcome.status})` : ''}`);
  };

  const batcher = createEventBatcher<Pending>({
    maxItems: MAX_BATCH_EVENTS,
    delayMs: BATCH_DELAY_MS,
    send,
    setTimer: env.setTimer,
    clearTimer: env.clearTimer,
  });

  customerPrivacy.subscribe('visitorConsentCollected', (update) => {
    consent = consentOf(update?.customerPrivacy);
    log(`consent: analytics ${consent.analytics ? 'granted' : 'withdrawn'}`);
    if (!consent.analytics) batcher.clear();
  });

  for (const name of SUBSCRIBED_EVENTS) {
    analytics.subscribe(name, (event) => {
      if (!consent.analytics) return;
      log(`captured ${name}`);
      // Checkout steps go at once: the step's page (or the whole sandbox) may be gone a second later.
      batcher.add({ event: event as SubscribedPixelEvent, consent: { ...consent } }, isCheckoutEvent(name));
    });
  }
}
