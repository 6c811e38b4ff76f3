import { unconvertedEpisodes, type Abandonment, type IdleEpisode } from './abandonment.js';
import type { Purchase } from './collect-orders.js';
import { currentTokens } from './current-tokens.js';
import type { FactCheckout, FactDevice, FactEvent } from './profile-facts.js';
import { numberProperty, stringProperty } from './read-event-property.js';

/** The checkout steps the storefront and pixel report; Checkout_Abandoned is ours and is not a step. */
export const CHECKOUT_STEP_NAMES: ReadonlySet<string> = new Set([
  'Checkout_Started', 'Checkout_ContactSubmitted', 'Checkout_ShippingSubmitted', 'Payment_Submitted', 'Checkout_Completed',
]);

interface CheckoutState {
  token: string | null;
  row: FactCheckout | null;
  activity: { at: number; device: FactDevice | null }[];
  /** Completion known for this very checkout: the row's completed_at, a Checkout_Completed of its token. */
  completions: number[];
  total: number | null;
  itemCount: number | null;
  currency: string | null;
}

/**
 * Every checkout abandonment, due or not. A checkout is its checkouts row and its step events (by
 * checkout token, currentTokens for events without one); its activity is the row's created/updated times
 * and the step events. A gap longer than the window after an activity L, with no completion of this
 * checkout by L + window and no purchase of the profile in [L, L + window], is an abandonment.
 */
export function findCheckoutAbandonments(
  events: readonly FactEvent[], rows: readonly FactCheckout[], purchases: readonly Purchase[], windowMs: number,
): Abandonment[] {
  const checkouts = new Map<string, CheckoutState>();
  const stateOf = (token: string | null) => {
    let state = checkouts.get(token ?? '');
    if (!state) {
      state = { token, row: null, activity: [], completions: [], total: null, itemCount: null, currency: null };
      checkouts.set(token ?? '', state);
    }
    return state;
  };
  for (const row of rows) {
    const state = stateOf(row.token);
    state.row = row;
    state.activity.push({ at: row.createdAt, device: null }, { at: row.updatedAt, device: null });
    if (row.completedAt !== null) state.completions.push(row.completedAt);
  }
  const tokens = currentTokens(events, 'checkoutToken');
  events.forEach((e, i) => {
    if (!CHECKOUT_STEP_NAMES.has(e.name)) return;
    const state = stateOf(tokens[i] ?? null);
    state.activity.push({ at: e.occurredAt, device: e.device });
    if (e.name === 'Checkout_Completed') state.completions.push(e.occurredAt);
    state.total = numberProperty(e, 'total') ?? state.total;
    state.itemCount = numberProperty(e, 'itemCount') ?? state.itemCount;
    state.currency = stringProperty(e, 'currency') ?? state.currency;
  });

  const episodes: (IdleEpisode & { state: CheckoutState })[] = [];
  for (const state of checkouts.values()) {
    const activity = state.activity.sort((a, b) => a.at - b.at);
    let device: FactDevice = 'unknown';
    activity.forEach((a, i) => {
      device = a.device ?? device;
      const next = activity[i + 1];
      if (next !== undefined && next.at - a.at <= windowMs) return;
      episodes.push({ token: state.token, lastActivityAt: a.at, device, ...valueOf(state), state });
    });
  }
  // A completion of this very checkout converts it whatever the clocks say, like an order carrying its token.
  const open = episodes.filter((e) => !e.state.completions.some((at) => at <= e.lastActivityAt + windowMs));
  return unconvertedEpisodes(open, purchases, windowMs, (p) => p.checkoutToken)
    .map(({ state, ...episode }) => ({
      ...episode,
      name: 'Checkout_Abandoned' as const,
      cartToken: state.row?.cartToken ?? null,
      checkoutToken: state.token,
      recoveryUrl: state.row?.abandonedCheckoutUrl ?? null,
    }))
    .sort((a, b) => a.abandonedAt - b.abandonedAt);
}

/** Shopify's row knows the checkout's value best; the step events' properties stand in without one. */
function valueOf(state: CheckoutState): Pick<IdleEpisode, 'total' | 'itemCount' | 'currency'> {
  const rowItems = state.row !== null && state.row.itemCount > 0 ? state.row.itemCount : null;
  return {
    total: state.row?.total ?? state.total,
    itemCount: rowItems ?? state.itemCount ?? state.row?.itemCount ?? null,
    currency: state.currency,
  };
}
