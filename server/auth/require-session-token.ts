import type { RequestHandler } from 'express';
import type { Shopify } from '@shopify/shopify-api';
import type { ShopQueries, ShopRow } from '../db/shops.js';
import { AppError, unauthorized } from '../errors.js';

export interface AuthenticatedLocals {
  shop: ShopRow;
  userId: string;
}

/**
 * Authenticates /api/* exactly as an embedded Shopify app: `Authorization: Bearer <session token>`,
 * verified by @shopify/shopify-api (HS256 with the app secret, aud = API key, exp/nbf checked).
 * The shop comes from the token's `dest` and nothing else, so a token for one shop cannot read another.
 */
export function requireSessionToken(deps: { api: Shopify; shops: ShopQueries }): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) {
      return next(withReauth(unauthorized('missing_session_token', 'Send the App Bridge session token as "Authorization: Bearer <token>".')));
    }
    let payload;
    try {
      payload = await deps.api.session.decodeSessionToken(match[1]);
    } catch {
      return next(withReauth(unauthorized('invalid_session_token', 'The session token is invalid or expired. Reload the app to get a new one.')));
    }
    const domain = String(payload.dest).replace(/^https:\/\//, '');
    const shop = deps.shops.byDomain(domain);
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
