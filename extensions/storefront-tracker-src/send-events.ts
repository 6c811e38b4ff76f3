import type { CommonFields } from '../../server/ingest/wire-event.js';

/** The app proxy path, at the shop's root on every storefront domain (Shopify forwards it to /proxy/collect). */
export const ENDPOINT = '/apps/segments/collect';

/**
 * Posts `{common, events}` as text/plain, which needs no CORS preflight: sendBeacon when the page goes
 * away (it survives unload), fetch with keepalive otherwise or when the beacon is refused. Network
 * failures are dropped silently: analytics must never surface an error to the shopper.
 */
export function sendEvents(common: CommonFields, events: unknown[], leaving: boolean): void {
  const body = JSON.stringify({ common, events });
  if (!(leaving && navigator.sendBeacon(ENDPOINT, body))) fetch(ENDPOINT, { method: 'POST', body, keepalive: true }).catch(() => 0);
}
