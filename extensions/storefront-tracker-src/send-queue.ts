import type { WireEvent } from '../../server/ingest/wire-event.js';
import { FLUSH_AT, FLUSH_MS } from './thresholds.js';

/** The app proxy path, at the shop's root on every storefront domain (Shopify forwards it to /proxy/collect). */
export const ENDPOINT = '/apps/segments/collect';

/**
 * Posts `{events}` as text/plain, which needs no CORS preflight: sendBeacon when the page goes away (it
 * survives unload), fetch with keepalive otherwise or when the beacon is refused (queue full, too big).
 * Network failures are dropped silently: analytics must never surface an error to the shopper.
 */
export function send(events: WireEvent[], useBeacon: boolean): void {
  const body = JSON.stringify({ events });
  if (useBeacon && navigator.sendBeacon?.(ENDPOINT, body)) return;
  fetch(ENDPOINT, { method: 'POST', body, keepalive: true }).catch(() => undefined);
}

/** A queue flushed every FLUSH_MS, at FLUSH_AT events, and by `flush(true)` when the page is hidden. */
export function createSendQueue(build: () => WireEvent[] | null) {
  let timer = 0;
  let size = 0;
  const flush = (leaving: boolean) => {
    clearTimeout(timer);
    timer = 0;
    size = 0;
    const events = build();
    if (events?.length) send(events, leaving);
  };
  return {
    /** Tells the queue one more event waits. */
    added() {
      if (++size >= FLUSH_AT) flush(false);
      else if (!timer) timer = window.setTimeout(flush, FLUSH_MS, false);
    },
    flush,
  };
}
