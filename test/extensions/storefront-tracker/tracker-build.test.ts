import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildStorefrontTracker, TRACKER_ASSET } from '../../../extensions/storefront-tracker-src/build-storefront-tracker.js';

describe('the built storefront tracker', () => {
  it('is committed exactly as the source builds it (run npm run build:extensions after changing src)', async () => {
    const built = await buildStorefrontTracker();
    expect(readFileSync(TRACKER_ASSET, 'utf8')).toBe(built.code);
  });

  it('fits its budget: at most 2,048 bytes gzipped', async () => {
    const built = await buildStorefrontTracker();
    expect(built.gzip, `the tracker is ${built.gzip} B gzipped (${built.raw} B raw)`).toBeLessThanOrEqual(2048);
  });

  it('stays far below the theme-check error threshold for app block JavaScript (10,000 bytes)', async () => {
    const built = await buildStorefrontTracker();
    expect(built.raw).toBeLessThan(10_000 / 1.5);
  });

  it('loads nothing from elsewhere and writes to the console only behind the debug setting', async () => {
    const { code } = await buildStorefrontTracker();
    expect(code).not.toMatch(/https?:\/\//);
    expect(code).not.toMatch(/\bimport\(|importScripts|createElement\(["']script/);
    expect(code.match(/console\.\w+/g)).toEqual(['console.debug']);
    expect(code).toMatch(/\.debug&&console\.debug/);
  });
});
