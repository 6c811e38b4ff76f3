import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { EVENT_CATALOG } from '../../../server/ingest/event-catalog.js';
import { SHOPPER_EVENT_FILTERS, SHOPPER_EVENT_NAMES } from '../../../server/segments/query/shopper-event-filters.js';

describe('SHOPPER_EVENT_FILTERS', () => {
  it('covers every stored event of the catalog (Cart_Updated is never stored)', () => {
    expect([...SHOPPER_EVENT_NAMES, 'Cart_Updated'].sort()).toEqual(Object.keys(EVENT_CATALOG).sort());
  });

  it.each(SHOPPER_EVENT_NAMES)('%s: every filter reads a property the catalog defines, named in snake_case after it', (name) => {
    const shape = (EVENT_CATALOG[name].properties as unknown as z.ZodObject).shape;
    for (const [filter, definition] of Object.entries(SHOPPER_EVENT_FILTERS[name])) {
      expect(filter).toBe(definition.key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
      if (definition.lineItems) {
        expect(Object.keys(shape)).toContain('lineItems');
      } else {
        expect(Object.keys(shape), `${name}.${definition.key}`).toContain(definition.key);
      }
    }
  });
});
