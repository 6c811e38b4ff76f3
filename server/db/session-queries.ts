import type { Db } from './open-database.js';

/** A sessions row as stored: tokens are already encrypted by the caller. */
export interface SessionRow {
  id: string;
  shop: string;
  state: string;
  isOnline: 0 | 1;
  scope: string | null;
  expiresAt: number | null;
  accessTokenEncrypted: string | null;
  refreshTokenEncrypted: string | null;
  refreshTokenExpiresAt: number | null;
  onlineAccessInfo: string | null;
  updatedAt: number;
}

const COLUMNS = `id, shop, state, is_online AS isOnline, scope, expires_at AS expiresAt,
  access_token_encrypted AS accessTokenEncrypted, refresh_token_encrypted AS refreshTokenEncrypted,
  refresh_token_expires_at AS refreshTokenExpiresAt, online_access_info AS onlineAccessInfo, updated_at AS updatedAt`;

export interface SessionQueries {
  upsert(row: SessionRow): void;
  byId(id: string): SessionRow | undefined;
  byShop(shop: string): SessionRow[];
  deleteById(id: string): void;
  deleteByIds(ids: readonly string[]): void;
  /** Deletes every session (offline and online) of the shop; returns how many. Plain statement: safe inside a caller's transaction. */
  deleteSessionsOfShop(shop: string): number;
}

export function createSessionQueries(db: Db): SessionQueries {
  const upsert = db.prepare(`INSERT INTO sessions (id, shop, state, is_online, scope, expires_at, access_token_encrypted,
      refresh_token_encrypted, refresh_token_expires_at, online_access_info, updated_at)
    VALUES (@id, @shop, @state, @isOnline, @scope, @expiresAt, @accessTokenEncrypted, @refreshTokenEncrypted,
      @refreshTokenExpiresAt, @onlineAccessInfo, @updatedAt)
    ON CONFLICT(id) DO UPDATE SET shop = excluded.shop, state = excluded.state, is_online = excluded.is_online,
      scope = excluded.scope, expires_at = excluded.expires_at, access_token_encrypted = excluded.access_token_encrypted,
      refresh_token_encrypted = excluded.refresh_token_encrypted, refresh_token_expires_at = excluded.refresh_token_expires_at,
      online_access_info = excluded.online_access_info, updated_at = excluded.updated_at`);
  const byId = db.prepare(`SELECT ${COLUMNS} FROM sessions WHERE id = ?`);
  const byShop = db.prepare(`SELECT ${COLUMNS} FROM sessions WHERE shop = ? ORDER BY id`);
  const deleteById = db.prepare('DELETE FROM sessions WHERE id = ?');
  const deleteOfShop = db.prepare('DELETE FROM sessions WHERE shop = ?');
  const deleteMany = db.transaction((ids: readonly string[]) => {
    for (const id of ids) deleteById.run(id);
  });
  return {
    upsert: (row) => { upsert.run(row); },
    byId: (id) => byId.get(id) as SessionRow | undefined,
    byShop: (shop) => byShop.all(shop) as SessionRow[],
    deleteById: (id) => { deleteById.run(id); },
    deleteByIds: (ids) => deleteMany(ids),
    deleteSessionsOfShop: (shop) => deleteOfShop.run(shop).changes,
  };
}

/**
 * For the app/uninstalled handler, which runs inside the webhook job's transaction with only `db`:
 * deletes every token of the shop. Prepared per call (cheap next to a webhook), so no setup is needed.
 */
export function deleteSessionsOfShop(db: Db, shop: string): number {
  return db.prepare('DELETE FROM sessions WHERE shop = ?').run(shop).changes;
}
