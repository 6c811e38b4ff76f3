import { Session } from '@shopify/shopify-api';
import type { Clock } from '../clock.js';
import type { Db } from '../db/open-database.js';
import { createSessionQueries, type SessionRow } from '../db/session-queries.js';
import type { SessionStorage } from './session-storage.js';
import type { TokenCipher } from './create-token-cipher.js';

/** SessionStorage over better-sqlite3 with access and refresh tokens sealed by `cipher` (AES-256-GCM). */
export function createSqliteSessionStorage(deps: { db: Db; cipher: TokenCipher; clock: Clock }): SessionStorage {
  const { cipher, clock } = deps;
  const queries = createSessionQueries(deps.db);
  const seal = (value: string | undefined) => (value ? cipher.encrypt(value) : null);

  const toRow = (s: Session): SessionRow => ({
    id: s.id,
    shop: s.shop,
    state: s.state ?? '',
    isOnline: s.isOnline ? 1 : 0,
    scope: s.scope ?? null,
    expiresAt: s.expires ? s.expires.getTime() : null,
    accessTokenEncrypted: seal(s.accessToken),
    refreshTokenEncrypted: seal(s.refreshToken),
    refreshTokenExpiresAt: s.refreshTokenExpires ? s.refreshTokenExpires.getTime() : null,
    onlineAccessInfo: s.onlineAccessInfo ? JSON.stringify(s.onlineAccessInfo) : null,
    updatedAt: clock.now(),
  });

  const toSession = (row: SessionRow): Session => new Session({
    id: row.id,
    shop: row.shop,
    state: row.state,
    isOnline: row.isOnline === 1,
    ...(row.scope !== null && { scope: row.scope }),
    ...(row.expiresAt !== null && { expires: new Date(row.expiresAt) }),
    ...(row.accessTokenEncrypted !== null && { accessToken: cipher.decrypt(row.accessTokenEncrypted) }),
    ...(row.refreshTokenEncrypted !== null && { refreshToken: cipher.decrypt(row.refreshTokenEncrypted) }),
    ...(row.refreshTokenExpiresAt !== null && { refreshTokenExpires: new Date(row.refreshTokenExpiresAt) }),
    ...(row.onlineAccessInfo !== null && { onlineAccessInfo: JSON.parse(row.onlineAccessInfo) as Session['onlineAccessInfo'] }),
  });

  return {
    async storeSession(session) {
      queries.upsert(toRow(session));
      return true;
    },
    async loadSession(id) {
      const row = queries.byId(id);
      return row ? toSession(row) : undefined;
    },
    async deleteSession(id) {
      queries.deleteById(id);
      return true;
    },
    async deleteSessions(ids) {
      queries.deleteByIds(ids);
      return true;
    },
    async findSessionsByShop(shop) {
      return queries.byShop(shop).map(toSession);
    },
  };
}
