import { describe, expect, it } from 'vitest';
import { uuidV7 } from '../../../extensions/storefront-tracker-src/uuid-v7.js';

describe('uuidV7', () => {
  it('is a version 7, variant 10 UUID carrying the current millisecond', () => {
    const before = Date.now();
    const id = uuidV7();
    const after = Date.now();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ms = parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after);
  });

  it('is unique and sorts by creation time across milliseconds', async () => {
    const ids = new Set(Array.from({ length: 5000 }, uuidV7));
    expect(ids.size).toBe(5000);
    const first = uuidV7();
    await new Promise((r) => setTimeout(r, 3));
    expect(uuidV7() > first).toBe(true);
  });
});
