import { register } from '@shopify/web-pixels-extension';
import { startPixel } from './start-pixel.js';

/**
 * Entry point of the web pixel (strict sandbox: a worker with Shopify's APIs and no DOM). Shopify's
 * `register` hands the callback to `shopify.extend('WebPixel::Render', …)`.
 */
register((api) => {
  try {
    startPixel(api, {
      fetch: typeof fetch === 'function' ? (url, init) => fetch(url, init) : undefined,
      now: () => Date.now(),
      randomId,
      setTimer: (callback, ms) => setTimeout(callback, ms),
      clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
      // Only reached with the `debug` setting on (start-pixel.ts); never logs event payloads.
      // eslint-disable-next-line no-console
      log: (message) => console.log(`[shopper-segments pixel] ${message}`),
    });
  } catch {
    // A pixel must never break the page or Shopify's pixel manager; without the debug setting it stays silent.
  }
});

function randomId(): string {
  const c = typeof crypto === 'object' ? crypto : undefined;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (c && typeof c.getRandomValues === 'function') c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
