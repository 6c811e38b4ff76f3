/**
 * Builds the extensions' scripts: the storefront tracker into its theme extension's assets/ (committed,
 * since theme extensions deploy their assets as they are) and the web pixel into its dist/.
 * Prints raw, gzip and brotli sizes. Run by `npm run build:extensions` (part of `npm run build`).
 */
import { buildStorefrontTracker } from './storefront-tracker-src/build-storefront-tracker.js';

const kb = (n: number) => `${n.toLocaleString('en-US')} B`;

const tracker = await buildStorefrontTracker({ write: true });
console.log(`storefront tracker: ${kb(tracker.raw)} raw, ${kb(tracker.gzip)} gzip, ${kb(tracker.brotli)} brotli (budget 2,048 B gzip)`);
