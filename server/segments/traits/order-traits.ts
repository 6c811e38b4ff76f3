import type { KnownOrder } from './collect-orders.js';
import type { FactCustomer } from './profile-facts.js';
import type { ProfileTraits } from './profile-traits.js';
import { DAY_MS, roundAmount } from './trait-time.js';

export type OrderTraits = Pick<ProfileTraits, 'numberOfOrders' | 'amountSpent' | 'averageOrderValue' | 'firstOrderAt' | 'lastOrderAt' | 'meanDaysBetweenOrders'>;

/**
 * Money and order counts over the counted orders (not cancelled, not test). Shopify's lifetime totals on
 * the customer record win when larger: without read_all_orders we only ever see 60 days of orders, while
 * Shopify counts them all. Dates and spacing can only come from orders we have seen.
 */
export function computeOrderTraits(orders: readonly KnownOrder[], customer: FactCustomer | null): OrderTraits {
  const counted = orders.filter((o) => o.counted);
  const ourSum = roundAmount(counted.reduce((sum, o) => sum + (o.total ?? 0), 0));
  const numberOfOrders = Math.max(counted.length, customer?.ordersCount ?? 0);
  const amountSpent = Math.max(ourSum, customer?.totalSpent ?? 0);
  const first = counted[0]?.at ?? null;
  const last = counted.at(-1)?.at ?? null;
  return {
    numberOfOrders,
    amountSpent,
    averageOrderValue: numberOfOrders === 0 ? null : Math.round((amountSpent / numberOfOrders) * 100) / 100,
    firstOrderAt: first,
    lastOrderAt: last,
    meanDaysBetweenOrders: counted.length < 2 || first === null || last === null
      ? null
      : Math.round(((last - first) / (counted.length - 1) / DAY_MS) * 100) / 100,
  };
}
