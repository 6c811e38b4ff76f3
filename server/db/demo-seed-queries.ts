import type { Db } from './open-database.js';

export interface DemoSeedQueries {
  /** True once the shop has any event, seeded or live: the demo seed then leaves it alone. */
  hasEvents(shopId: number): boolean;
  countEvents(shopId: number): number;
}

export function createDemoSeedQueries(db: Db): DemoSeedQueries {
  const any = db.prepare('SELECT 1 FROM events WHERE shop_id = ? LIMIT 1').pluck();
  const count = db.prepare('SELECT COUNT(*) FROM events WHERE shop_id = ?').pluck();
  return {
    hasEvents: (shopId) => any.get(shopId) !== undefined,
    countEvents: (shopId) => count.get(shopId) as number,
  };
}
