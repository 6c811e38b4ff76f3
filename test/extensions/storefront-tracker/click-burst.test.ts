import { describe, expect, it } from 'vitest';
import { RAGE_RADIUS_PX, RAGE_WINDOW_MS } from '../../../extensions/storefront-tracker-src/thresholds.js';
import { createClickBurst } from '../../../extensions/storefront-tracker-src/watch-clicks.js';

describe('createClickBurst', () => {
  it('counts clicks close in time and space as one burst', () => {
    const burst = createClickBurst();
    expect([burst(0, 100, 100), burst(150, 105, 98), burst(300, 110, 104), burst(420, 100, 100)]).toEqual([1, 2, 3, 4]);
  });

  it('starts over after a pause longer than the window', () => {
    const burst = createClickBurst();
    burst(0, 10, 10);
    burst(100, 10, 10);
    expect(burst(100 + RAGE_WINDOW_MS + 1, 10, 10)).toBe(1);
  });

  it('does not count clicks far apart (normal clicking around a page)', () => {
    const burst = createClickBurst();
    expect([burst(0, 10, 10), burst(200, 10 + RAGE_RADIUS_PX + 1, 10), burst(400, 300, 400)]).toEqual([1, 1, 1]);
  });
});
