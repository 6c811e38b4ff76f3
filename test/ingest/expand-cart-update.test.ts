import { describe, expect, it } from 'vitest';
import { derivedEventId, expandCartUpdate } from '../../server/ingest/expand-cart-update.js';

const ID = '019ad3f2-5c1e-7a4b-9c3d-2e1f0a9b8c7d';
const line = (variant: number, quantity: number, price = 1250) => ({ variant_id: variant, product_id: 900 + variant, quantity, price, product_title: `Product ${variant}` });
const props = (variant: number, quantity: number) => ({ productId: 900 + variant, variantId: String(variant), quantity, price: 12.5, title: `Product ${variant}`, currency: 'EUR' });

describe('expandCartUpdate', () => {
  it('emits one added and one removed event per variant whose quantity changed', () => {
    const events = expandCartUpdate(ID, { before: [line(1, 2), line(2, 1)], after: [line(1, 5), line(3, 1)], currency: 'EUR' });
    expect(events.map((e) => [e.name, e.properties])).toEqual([
      ['Cart_ItemAdded', props(1, 3)],
      ['Cart_ItemRemoved', props(2, 1)],
      ['Cart_ItemAdded', props(3, 1)],
    ]);
  });

  it('sums lines of one variant (line item properties split them) and reports nothing for a cart that did not change', () => {
    expect(expandCartUpdate(ID, { before: [line(1, 1), line(1, 1)], after: [line(1, 2)] })).toEqual([]);
    expect(expandCartUpdate(ID, { before: [], after: [] })).toEqual([]);
  });

  it('leaves out what the line does not say', () => {
    const [event] = expandCartUpdate(ID, { before: [], after: [{ variant_id: '7', quantity: 2 }] });
    expect(event!.properties).toEqual({ productId: undefined, variantId: '7', quantity: 2, price: undefined, title: undefined, currency: undefined });
  });

  it('gives each change a stable id of its own that keeps the source id\'s time prefix', () => {
    const update = { before: [line(1, 1)], after: [line(2, 1)] };
    const [removed, added] = expandCartUpdate(ID, update);
    expect(expandCartUpdate(ID, update).map((e) => e.id)).toEqual([removed!.id, added!.id]);
    expect(removed!.id).not.toBe(added!.id);
    for (const id of [removed!.id, added!.id]) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(id.slice(0, 13)).toBe(ID.slice(0, 13));
    }
    expect(derivedEventId(ID, 'x')).not.toBe(derivedEventId(ID.replace('7d', '7e'), 'x'));
  });
});
