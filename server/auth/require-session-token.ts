import type { RequestHandler } from 'express';
import type { Shopify } from '@shopify/shopify-api';
import type { Clock } from '../clock.js';
import type { ShopQueries, ShopRow } from '../db/shops.js';
import type { ShopInstallQueries } from '../db/shop-install-queries.js';
import type { OfflineSessions } from './create-offline-sessions.js';
import { AccessTokenError } from '../shopify/create-access-token-client.js';
import { AppError, unauthorized } from '../errors.js';

export interface AuthenticatedLocals {
  shop: ShopRow;
  userId: string;
}

/** Outside demo mode: how a verified request gets the shop's offline token (token exchange on first load). */
export interface ShopifyInstallDeps {
  offlineSessions: OfflineSessions;
  installs: ShopInstallQueries;
  clock: Clock;
  /** Called (not awaited) after the first authenticated load of an install: the post-install work. */
  onInstalled(shop: ShopRow): void;
}

/**
 * Authenticates /api/* exactly as an embedded Shopify app: `Authorization: Bearer <session token>`,
 * verified by @shopify/shopify-api (HS256 with the app secret, aud = API key, exp/nbf checked).
 * The shop comes from the token's `dest` and nothing else, so a token for one shop cannot read another.
 * With `install` (outside demo mode) the shop's offline token is obtained or refreshed before the route
 * runs, so a managed install needs nothing but the first load of the app.
 */
export function requireSessionToken(deps: { api: Shopify; shops: ShopQueries; install?: ShopifyInstallDeps }): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) {
      return next(withReauth(unauthorized('missing_session_token', 'Send the App Bridge session token as "Authorization: Bearer <token>".')));
    }
    const sessionToken = match[1];
    let payload;
    try {
      payload = await deps.api.session.decodeSessionToken(sessionToken);
    } catch {
      return next(withReauth(unauthorized('invalid_session_token', 'The session token is invalid or expired. Reload the app to get a new one.')));
    }
    const domain = String(payload.dest).replace(/^https:\/\//, '');
    let shop = deps.shops.byDomain(domain);
    if (deps.install && /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(domain)) {
      try {
        const { installed } = await deps.install.offlineSessions.ensure(domain, sessionToken);
        if (installed || !shop) {
          shop = deps.install.installs.recordInstall(domain, deps.install.clock.now());
          if (installed) deps.install.onInstalled(shop);
        }
      } catch (err) {
        if (err instanceof AccessTokenError && err.status >= 400 && err.status < 500) {
          return next(withReauth(unauthorized('token_exchange_refused', 'Shopify refused to exchange the session token. Reload the app to get a new one.')));
        }
        if (err instanceof AccessTokenError || (err instanceof Error && (err.name === 'TypeError' || err.name === 'TimeoutError'))) {
          return next(new AppError(502, 'shopify_unavailable', 'Shopify could not be reached to authorize this shop. Try again in a moment.'));
        }
        return next(err);
      }
    }
    if (!shop || shop.uninstalledAt !== null) {
      return next(withReauth(unauthorized('shop_not_installed', 'The app is not installed on this shop.')));
    }
    res.locals.auth = { shop, userId: String(payload.sub ?? '') } satisfies AuthenticatedLocals;
    next();
  };
}

// App Bridge reacts to this header by fetching a fresh token and retrying once.
function withReauth(err: AppError): AppError {
  return new AppError(err.status, err.code, err.message, { 'X-Shopify-Retry-Invalid-Session-Request': '1' });
}

export function authOf(locals: Record<string, unknown>): AuthenticatedLocals {
  const auth = locals.auth as AuthenticatedLocals | undefined;
  if (!auth) throw new Error('requireSessionToken must run before this handler');
  return auth;
}
