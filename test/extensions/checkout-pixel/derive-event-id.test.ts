import { describe, expect, it } from 'vitest';
import { deriveEventId, hash128, isUuid, uuidFromHash } from '../../../extensions/checkout-pixel/src/derive-event-id.js';
import { WireEventSchema } from '../../../server/ingest/wire-event.js';

describe('deriveEventId', () => {
  it('yields distinct version-8 UUIDs the server accepts for 20,000 similar Shopify ids', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const id = deriveEventId(`sh-66770d6f-D512-4D2E-107C-${i.toString(16).padStart(12, '0')}`);
      expect(isUuid(id)).toBe(true);
      seen.add(id);
    }
    expect(seen.size).toBe(20_000);
    const [sample] = seen;
    const parsed = WireEventSchema.safeParse({ id: sample, name: 'Page_Viewed', ts: '2025-01-01T00:00:00Z', visitorId: 'v', sessionId: 's' });
    expect(parsed.success).toBe(true);
  });

  it('spreads single-character changes over all 128 bits', () => {
    const bits = (words: number[]) => words.map((w) => w.toString(2).padStart(32, '0')).join('');
    const a = bits(hash128('sh-1'));
    const b = bits(hash128('sh-2'));
    const differing = [...a].filter((bit, i) => bit !== b[i]).length;
    // An avalanche flips about half the bits; far fewer would mean lanes that ignore the input.
    expect(differing).toBeGreaterThan(40);
    expect(differing).toBeLessThan(88);
  });

  it('hashes the empty string and non-ASCII ids too', () => {
    expect(isUuid(uuidFromHash(''))).toBe(true);
    expect(uuidFromHash('sh-é')).not.toBe(uuidFromHash('sh-e'));
  });
});
