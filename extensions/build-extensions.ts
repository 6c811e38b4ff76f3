/**
 * Builds the extensions' scripts: the storefront tracker into its theme extension's assets/ (committed,
 * since a theme extension deploys its assets as they are) and the web pixel into its dist/ (Shopify CLI
 * builds its own copy on deploy; ours feeds the demo checkout and the size report).
 * Prints raw, gzip and brotli sizes. Run by `npm run build:extensions` (part of `npm run build`).
 */
import { buildCheckoutPixel } from './checkout-pixel/build-checkout-pixel.js';
import { buildStorefrontTracker } from './storefront-tracker-src/build-storefront-tracker.js';

const bytes = (n: number) => `${n.toLocaleString('en-US')} B`;
const report = (name: string, s: { raw: number; gzip: number; brotli: number }, budget: string) =>
  console.log(`${name}: ${bytes(s.raw)} raw, ${bytes(s.gzip)} gzip, ${bytes(s.brotli)} brotli (${budget})`);

report('storefront tracker', await buildStorefrontTracker({ write: true }), 'budget 2,048 B gzip');
report('checkout pixel', await buildCheckoutPixel({ write: true }), 'Shopify limit 128 KB raw');
