import type { Session } from '@shopify/shopify-api';

/**
 * The session storage contract of @shopify/shopify-app-session-storage (the package every official adapter
 * implements), restated here because that package is not a dependency: its SQLite adapter needs `sqlite3`
 * and a newer shopify-api (docs/ARCHITECTURE.md, shopify.md §6.4).
 */
export interface SessionStorage {
  storeSession(session: Session): Promise<boolean>;
  loadSession(id: string): Promise<Session | undefined>;
  deleteSession(id: string): Promise<boolean>;
  deleteSessions(ids: string[]): Promise<boolean>;
  findSessionsByShop(shop: string): Promise<Session[]>;
}
