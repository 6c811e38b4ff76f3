import type { Db } from './open-database.js';

/** A shop's own choices; null where the shop kept the app's default. */
export interface StoredShopSettings {
  cartAbandonmentMinutes: number | null;
  checkoutAbandonmentMinutes: number | null;
  dataRetentionDays: number | null;
  updatedAt: number | null;
}

export interface ShopSettingsQueries {
  get(shopId: number): StoredShopSettings;
  /** Saves the given fields (others unchanged). */
  save(shopId: number, changes: Partial<Omit<StoredShopSettings, 'updatedAt'>>, now: number): void;
}

const EMPTY: StoredShopSettings = { cartAbandonmentMinutes: null, checkoutAbandonmentMinutes: null, dataRetentionDays: null, updatedAt: null };

export function createShopSettingsQueries(db: Db): ShopSettingsQueries {
  const get = db.prepare(`SELECT cart_abandonment_minutes AS cartAbandonmentMinutes, checkout_abandonment_minutes AS checkoutAbandonmentMinutes,
    data_retention_days AS dataRetentionDays, updated_at AS updatedAt FROM shop_settings WHERE shop_id = ?`);
  const save = db.prepare(`INSERT INTO shop_settings (shop_id, cart_abandonment_minutes, checkout_abandonment_minutes, data_retention_days, updated_at)
    VALUES (@shopId, @cart, @checkout, @retention, @now)
    ON CONFLICT (shop_id) DO UPDATE SET
      cart_abandonment_minutes = CASE WHEN @setCart THEN @cart ELSE cart_abandonment_minutes END,
      checkout_abandonment_minutes = CASE WHEN @setCheckout THEN @checkout ELSE checkout_abandonment_minutes END,
      data_retention_days = CASE WHEN @setRetention THEN @retention ELSE data_retention_days END,
      updated_at = @now`);
  return {
    get: (shopId) => (get.get(shopId) as StoredShopSettings | undefined) ?? EMPTY,
    save(shopId, c, now) {
      save.run({
        shopId, now,
        cart: c.cartAbandonmentMinutes ?? null, setCart: c.cartAbandonmentMinutes !== undefined ? 1 : 0,
        checkout: c.checkoutAbandonmentMinutes ?? null, setCheckout: c.checkoutAbandonmentMinutes !== undefined ? 1 : 0,
        retention: c.dataRetentionDays ?? null, setRetention: c.dataRetentionDays !== undefined ? 1 : 0,
      });
    },
  };
}
