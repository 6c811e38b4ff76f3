import type { Session } from '@shopify/shopify-api';
import type { Clock } from '../clock.js';
import type { SessionStorage } from './session-storage.js';
import type { AccessTokenClient } from '../shopify/create-access-token-client.js';

export interface OfflineSessions {
  /**
   * A usable offline session for the shop: the stored one, refreshed when it expires within the margin,
   * or a new one by token exchange of `sessionToken`. `installed` is true when this call obtained the
   * shop's first token (no stored session), i.e. the first authenticated load after an install.
   */
  ensure(shop: string, sessionToken: string): Promise<{ session: Session; installed: boolean }>;
  /** For work outside a request (no session token): the stored session, refreshed if needed; throws when there is none. */
  accessTokenOf(shop: string): Promise<string>;
  /** Stores a session obtained elsewhere (OAuth callback). */
  store(session: Session): Promise<void>;
}

export class NoOfflineSessionError extends Error {}

/** Refresh this long before expiry so a token never lapses in the middle of a call or a job. */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

export const offlineSessionId = (shop: string) => `offline_${shop}`;

export function createOfflineSessions(deps: { storage: SessionStorage; tokens: AccessTokenClient; clock: Clock }): OfflineSessions {
  const { storage, tokens, clock } = deps;
  // One token operation per shop at a time: two concurrent first loads must not both exchange (the
  // second would replace the first's token) and two refreshes must not both spend the rotating refresh token.
  const inFlight = new Map<string, Promise<{ session: Session; installed: boolean }>>();

  const usable = (s: Session | undefined): boolean =>
    Boolean(s?.accessToken) && (!s?.expires || s.expires.getTime() - REFRESH_MARGIN_MS > clock.now());
  const refreshable = (s: Session | undefined): s is Session & { refreshToken: string } =>
    Boolean(s?.refreshToken) && (!s?.refreshTokenExpires || s.refreshTokenExpires.getTime() > clock.now());

  async function obtain(shop: string, sessionToken: string | null): Promise<{ session: Session; installed: boolean }> {
    const stored = await storage.loadSession(offlineSessionId(shop));
    if (stored && usable(stored)) return { session: stored, installed: false };
    if (refreshable(stored)) {
      try {
        const session = await tokens.refresh(shop, stored.refreshToken);
        await storage.storeSession(session);
        return { session, installed: false };
      } catch (err) {
        // A refused refresh (revoked, rotated elsewhere) is recoverable with a session token; otherwise report it.
        if (sessionToken === null) throw err;
      }
    }
    if (sessionToken === null) throw new NoOfflineSessionError(`No usable offline token for ${shop}; the merchant must open the app.`);
    const session = await tokens.exchangeSessionToken(shop, sessionToken);
    await storage.storeSession(session);
    return { session, installed: stored === undefined };
  }

  async function once(shop: string, sessionToken: string | null): Promise<{ session: Session; installed: boolean }> {
    const pending = inFlight.get(shop);
    if (pending) {
      try {
        return { ...(await pending), installed: false };
      } catch (err) {
        // The other caller may have lacked a session token; with one, this caller can still succeed.
        if (sessionToken === null) throw err;
        return once(shop, sessionToken);
      }
    }
    const started = obtain(shop, sessionToken).finally(() => inFlight.delete(shop));
    inFlight.set(shop, started);
    return started;
  }

  return {
    async ensure(shop, sessionToken) {
      const stored = await storage.loadSession(offlineSessionId(shop));
      if (stored && usable(stored)) return { session: stored, installed: false };
      return once(shop, sessionToken);
    },
    async accessTokenOf(shop) {
      const { session } = await once(shop, null);
      return session.accessToken ?? '';
    },
    async store(session) {
      await storage.storeSession(session);
    },
  };
}
