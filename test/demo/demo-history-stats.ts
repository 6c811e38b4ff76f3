import type { StoredEvent } from '../../server/ingest/stored-event.js';

export interface DeviceRates {
  sessions: number;
  share: number;
  /** Sessions with Checkout_Completed / sessions. */
  conversion: number;
  /** 1 − (sessions that added to cart and completed) / (sessions that added to cart). */
  cartAbandonment: number;
  carts: number;
}

export interface HistoryStats {
  events: number;
  names: Map<string, number>;
  byDevice: Record<string, DeviceRates>;
  all: { conversion: number; cartAbandonment: number };
  /** Orders per buyer email. */
  ordersPerBuyer: Map<string, number>;
  /** Visitor ids and their devices that logged in as each customer id. */
  loginsByCustomer: Map<string, Map<string, string>>;
  minOccurredAt: number;
  maxOccurredAt: number;
}

/**
 * Funnel figures computed from events alone (the way an analyst would from the events table),
 * streaming so the full default seed never sits in memory.
 */
export function collectHistoryStats(chunks: Iterable<StoredEvent[]>, onEvent?: (e: StoredEvent) => void): HistoryStats {
  const sessions = new Map<string, { device: string; added: boolean; completed: boolean }>();
  const names = new Map<string, number>();
  const ordersPerBuyer = new Map<string, number>();
  const loginsByCustomer = new Map<string, Map<string, string>>();
  let events = 0;
  let minOccurredAt = Infinity;
  let maxOccurredAt = -Infinity;
  for (const chunk of chunks) {
    for (const e of chunk) {
      events++;
      onEvent?.(e);
      names.set(e.name, (names.get(e.name) ?? 0) + 1);
      minOccurredAt = Math.min(minOccurredAt, e.occurredAt);
      maxOccurredAt = Math.max(maxOccurredAt, e.occurredAt);
      let s = sessions.get(e.sessionId!);
      if (!s) sessions.set(e.sessionId!, (s = { device: e.device, added: false, completed: false }));
      if (e.name === 'Cart_ItemAdded') s.added = true;
      if (e.name === 'Checkout_Completed') {
        s.completed = true;
        const email = e.identifiers.find((i) => i.kind === 'email')!.value;
        ordersPerBuyer.set(email, (ordersPerBuyer.get(email) ?? 0) + 1);
      }
      if (e.name === 'Customer_Identified') {
        const customer = e.identifiers.find((i) => i.kind === 'customer')!.value;
        const visitors = loginsByCustomer.get(customer) ?? new Map<string, string>();
        visitors.set(e.visitorId!, e.device);
        loginsByCustomer.set(customer, visitors);
      }
    }
  }
  const tally = (list: { added: boolean; completed: boolean }[]) => {
    const carts = list.filter((s) => s.added);
    return {
      sessions: list.length,
      conversion: list.filter((s) => s.completed).length / list.length,
      cartAbandonment: 1 - carts.filter((s) => s.completed).length / carts.length,
      carts: carts.length,
    };
  };
  const all = [...sessions.values()];
  const byDevice: Record<string, DeviceRates> = {};
  for (const device of ['mobile', 'desktop', 'tablet']) {
    const t = tally(all.filter((s) => s.device === device));
    byDevice[device] = { ...t, share: t.sessions / all.length };
  }
  const overall = tally(all);
  return {
    events, names, byDevice, all: { conversion: overall.conversion, cartAbandonment: overall.cartAbandonment },
    ordersPerBuyer, loginsByCustomer, minOccurredAt, maxOccurredAt,
  };
}
