import { uuidV7 } from './uuid-v7.js';

/** What the tracker keeps in localStorage under `ss_vid` (visitor) and `ss_sid` (session); the web pixel reads the same keys. */
export interface SlidingRecord {
  id: string;
  /** Expiry, ms since the epoch; pushed forward on every use. */
  exp: number;
  /** Session only: the customer id already announced with Customer_Identified. */
  c?: string;
  /** Session only: the cart token, once a cart event revealed it. */
  t?: string;
}

const memory: Record<string, SlidingRecord> = {};

/**
 * Reads `key`, pushes its expiry `ttl` ahead (a new id once expired) and writes it back. Storage that
 * throws (blocked, full) falls back to memory: ids then live as long as the page, and nothing breaks.
 * Only called once the shopper allowed analytics.
 */
export function touch(key: 'ss_vid' | 'ss_sid', ttl: number, change?: Partial<SlidingRecord>): SlidingRecord {
  const now = Date.now();
  let r: SlidingRecord | undefined;
  try {
    r = JSON.parse(localStorage[key]) as SlidingRecord;
  } catch {
    r = memory[key];
  }
  r = memory[key] = { ...((r?.exp as number) > now ? r : { id: uuidV7() }), ...change, exp: now + ttl } as SlidingRecord;
  try {
    localStorage[key] = JSON.stringify(r);
  } catch {
    /* memory only */
  }
  return r;
}
