import { abandonmentOf, unconvertedEpisodes, type Abandonment, type IdleEpisode } from './abandonment.js';
import type { Purchase } from './collect-orders.js';
import { CurrentTokens } from './current-tokens.js';
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
 * checkout token, CurrentTokens for events without one); its activity is the row's created/updated times
 * and the step events. A gap longer than the window after an activity L, with no completion of this
 * checkout by L + window and no purchase of the profile in [L, L + window], is an abandonment.
 */
export function findCheckoutAbandonments(
  events: readonly FactEvent[], rows: readonly FactCheckout[], purchases: readonly Purchase[], windowMs: number,
): Abandonment[] {
  if (rows.length === 0 && !events.some((e) => CHECKOUT_STEP_NAMES.has(e.name))) return [];
  const checkouts = new Map<string, CheckoutState>();
  for (const row of rows) {
    const state = stateOf(checkouts, row.token);
    state.row = row;
    state.activity.push({ at: row.createdAt, device: null }, { at: row.updatedAt, device: null });
    if (row.completedAt !== null) state.completions.push(row.completedAt);
  }
  const tokens = new CurrentTokens(events, 'checkoutToken');
  for (const e of events) {
    const token = tokens.tokenOf(e);
    if (!CHECKOUT_STEP_NAMES.has(e.name)) continue;
    const state = stateOf(checkouts, token);
    state.activity.push({ at: e.occurredAt, device: e.device });
    if (e.name === 'Checkout_Completed') state.completions.push(e.occurredAt);
    state.total = numberProperty(e, 'total') ?? state.total;
    state.itemCount = numberProperty(e, 'itemCount') ?? state.itemCount;
    state.currency = stringProperty(e, 'currency') ?? state.currency;
  }

  const episodes: (IdleEpisode & { state: CheckoutState })[] = [];
  for (const state of checkouts.values()) {
    const activity = state.activity.sort((a, b) => a.at - b.at);
    const { total, itemCount, currency } = valueOf(state);
    let device: FactDevice = 'unknown';
    for (let i = 0; i < activity.length; i++) {
      device = activity[i]!.device ?? device;
      const at = activity[i]!.at;
      const next = activity[i + 1];
      if (next !== undefined && next.at - at <= windowMs) continue;
      // A completion of this very checkout converts it whatever the clocks say, like an order carrying its token.
      if (state.completions.some((done) => done <= at + windowMs)) continue;
      episodes.push({ token: state.token, lastActivityAt: at, device, itemCount, total, currency, state });
    }
  }
  return unconvertedEpisodes(episodes, purchases, windowMs, 'checkoutToken')
    .map((e) => abandonmentOf(e, windowMs, 'Checkout_Abandoned', { cartToken: e.state.row?.cartToken ?? null, checkoutToken: e.state.token },
      e.state.row?.abandonedCheckoutUrl ?? null))
    .sort((a, b) => a.abandonedAt - b.abandonedAt);
}

function stateOf(checkouts: Map<string, CheckoutState>, token: string | null): CheckoutState {
  let state = checkouts.get(token ?? '');
  if (!state) {
    state = { token, row: null, activity: [], completions: [], total: null, itemCount: null, currency: null };
    checkouts.set(token ?? '', state);
  }
  return state;
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
