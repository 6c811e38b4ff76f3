import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE, NOW, SHOP_DOMAIN, checkoutRow, compute, context, event, facts, order } from './trait-facts.js';

const L = NOW - 3 * HOUR;
const RECOVERY = `https://${SHOP_DOMAIN}/1/checkouts/co-1/recover?key=secret`;

describe('checkout abandonment', () => {
  it("falls due at the row's updated_at + 1 hour and keeps Shopify's recovery URL", () => {
    const row = checkoutRow('co-1', L, { createdAt: L - 10 * MINUTE });
    expect(compute(facts({ checkouts: [row] }), context(L + HOUR - 1))).toMatchObject({
      derivedEvents: [], recheckAt: L + HOUR, traits: { checkoutAbandonedAt: null },
    });
    const due = compute(facts({ checkouts: [row] }), context(L + HOUR));
    expect(due.traits).toMatchObject({
      checkoutAbandonedAt: L + HOUR, checkoutAbandonedValue: 80, checkoutAbandonedItems: 2, checkoutRecoveryUrl: RECOVERY,
    });
    expect(due.derivedEvents).toEqual([{
      eventId: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'Checkout_Abandoned', occurredAt: L + HOUR,
      cartToken: 'cart-1', checkoutToken: 'co-1', device: 'unknown', properties: { itemCount: 2, total: 80, idleMs: HOUR },
    }]);
    expect(compute(facts({ checkouts: [row] }), context(NOW)).derivedEvents[0]!.eventId).toBe(due.derivedEvents[0]!.eventId);
  });

  it('takes the last activity from the later of the row and the step events', () => {
    const events = [
      event('Checkout_Started', L - 20 * MINUTE, { checkoutToken: 'co-1', device: 'desktop', properties: { total: 70, itemCount: 2, currency: 'EUR' } }),
      event('Checkout_ShippingSubmitted', L, { checkoutToken: 'co-1', device: 'desktop' }),
    ];
    const row = checkoutRow('co-1', L - 15 * MINUTE, { createdAt: L - 20 * MINUTE });
    const result = compute(facts({ events, checkouts: [row] }), context(NOW));
    expect(result.derivedEvents).toEqual([expect.objectContaining({
      occurredAt: L + HOUR, device: 'desktop', properties: { itemCount: 2, total: 80, currency: 'EUR', idleMs: HOUR },
    })]);
    expect(result.traits).toMatchObject({ checkoutAbandonedAt: L + HOUR, checkoutAbandonedValue: 80, checkoutRecoveryUrl: RECOVERY, funnelStage: 'CHECKING_OUT' });
  });

  it('reads value and items from the step events when Shopify sent no row', () => {
    const events = [event('Checkout_Started', L, { checkoutToken: 'co-2', properties: { total: 42, itemCount: 3, currency: 'EUR' } })];
    const result = compute(facts({ events }), context(NOW));
    expect(result.traits).toMatchObject({ checkoutAbandonedAt: L + HOUR, checkoutAbandonedValue: 42, checkoutAbandonedItems: 3, checkoutRecoveryUrl: null });
    expect(result.derivedEvents[0]).toMatchObject({ checkoutToken: 'co-2', cartToken: null });
  });

  it('is not abandoned when the checkout completed, whichever source says so', () => {
    const started = event('Checkout_Started', L, { checkoutToken: 'co-1' });
    const cases = [
      facts({ checkouts: [checkoutRow('co-1', L, { completedAt: L + 2 * MINUTE })] }),
      facts({ events: [started, event('Checkout_Completed', L + 5 * MINUTE, { checkoutToken: 'co-1', properties: {} })] }),
      facts({ events: [started], orders: [order('9001', L - MINUTE, { checkoutToken: 'co-1' })] }),
      facts({ events: [started], orders: [order('9001', L + 59 * MINUTE)] }), // any purchase within the window
    ];
    for (const f of cases) {
      const result = compute(f, context(NOW));
      expect(result.derivedEvents.filter((e) => e.name === 'Checkout_Abandoned')).toEqual([]);
      expect(result.traits.checkoutAbandonedAt).toBeNull();
    }
  });

  it('is cleared by a completion after the abandonment, while the event stays', () => {
    const row = checkoutRow('co-1', L, { completedAt: L + 2 * HOUR });
    const result = compute(facts({ checkouts: [row] }), context(NOW));
    expect(result.derivedEvents.map((e) => [e.name, e.occurredAt])).toEqual([['Checkout_Abandoned', L + HOUR]]);
    expect(result.traits).toMatchObject({ checkoutAbandonedAt: null, checkoutAbandonedValue: null, checkoutRecoveryUrl: null });
  });

  it('shows the latest of several abandoned checkouts', () => {
    const rows = [checkoutRow('co-1', L - 10 * HOUR), checkoutRow('co-2', L, { total: 12, itemCount: 1, abandonedCheckoutUrl: null })];
    const result = compute(facts({ checkouts: rows }), context(NOW));
    expect(result.derivedEvents.map((e) => e.checkoutToken)).toEqual(['co-1', 'co-2']);
    expect(result.traits).toMatchObject({ checkoutAbandonedAt: L + HOUR, checkoutAbandonedValue: 12, checkoutAbandonedItems: 1, checkoutRecoveryUrl: null });
  });
});
