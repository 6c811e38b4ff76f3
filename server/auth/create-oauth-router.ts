import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import type { Shopify } from '@shopify/shopify-api';
import { z } from 'zod';
import type { AppConfig } from '../config.js';
import type { ShopifyInstallDeps } from './require-session-token.js';
import { AccessTokenError, type AccessTokenClient } from '../shopify/create-access-token-client.js';
import { adminOriginOf } from '../shopify/admin-origin-of.js';
import { APP_SCOPES } from '../shopify/app-scopes.js';
import { isShopDomain } from '../shopify/is-shop-domain.js';
import { AppError, badRequest, unauthorized } from '../errors.js';
import { OAUTH_STATE_COOKIE, readCookie, signState, verifySignedState } from './oauth-state-cookie.js';

// Long enough for a merchant to read the scopes screen; the nonce is single use anyway.
const STATE_MAX_AGE_SECONDS = 600;

const CallbackQuery = z.object({
  shop: z.string().max(255),
  code: z.string().min(1).max(512),
  state: z.string().min(1).max(256),
  hmac: z.string().max(256).optional(),
  timestamp: z.string().max(20),
});

/**
 * The authorization-code flow for installs that start outside the admin (shopify.md §6.2):
 * GET /auth?shop=… sends the merchant to Shopify's consent screen with a nonce in a signed cookie;
 * GET /auth/callback checks shop, HMAC and nonce, exchanges the code for an expiring offline token,
 * records the install and returns the merchant to the app inside the admin.
 */
export function createOauthRouter(deps: { api: Shopify; config: AppConfig; tokens: AccessTokenClient; install: ShopifyInstallDeps }): Router {
  const { api, config, tokens, install } = deps;
  const secure = config.appUrl.startsWith('https:');
  const cookie = (value: string, maxAge: number) =>
    `${OAUTH_STATE_COOKIE}=${encodeURIComponent(value)}; Path=/auth; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
  const router = Router();

  router.get('/auth', (req, res) => {
    const shop = req.query.shop;
    if (!isShopDomain(shop)) throw badRequest('invalid_shop', 'Give the shop as ?shop=<name>.myshopify.com.');
    const nonce = randomBytes(16).toString('hex');
    const authorize = new URL(`${adminOriginOf(config, shop)}/admin/oauth/authorize`);
    authorize.search = new URLSearchParams({
      client_id: config.shopify.apiKey,
      scope: APP_SCOPES.join(','),
      redirect_uri: new URL('/auth/callback', config.appUrl).href,
      state: nonce,
    }).toString();
    res.setHeader('Set-Cookie', cookie(signState(config.shopify.apiSecret, nonce), STATE_MAX_AGE_SECONDS));
    res.redirect(302, authorize.href);
  });

  router.get('/auth/callback', async (req, res) => {
    const raw = Object.fromEntries(new URLSearchParams(req.originalUrl.split('?')[1] ?? ''));
    const parsed = CallbackQuery.safeParse(raw);
    if (!parsed.success) throw badRequest('invalid_callback', 'The OAuth callback lacks shop, code, state, hmac or timestamp.');
    const { shop, code, state } = parsed.data;
    if (!isShopDomain(shop)) throw badRequest('invalid_shop', 'The OAuth callback names an invalid shop domain.');
    const hmacValid = await api.utils.validateHmac(raw).catch(() => false);
    if (!hmacValid) throw unauthorized('invalid_hmac', 'The OAuth callback signature is missing, wrong or too old.');
    // Single use: the nonce is cleared whatever happens next.
    res.setHeader('Set-Cookie', cookie('', 0));
    const nonce = verifySignedState(config.shopify.apiSecret, readCookie(req.get('cookie'), OAUTH_STATE_COOKIE));
    if (nonce === null || !api.auth.safeCompare(nonce, state)) {
      throw badRequest('invalid_state', 'The OAuth state does not match this browser\'s. Start the install again from /auth.');
    }
    const session = await tokens.exchangeAuthorizationCode(shop, code, state).catch((err: unknown) => {
      if (err instanceof AccessTokenError && err.status < 500) throw badRequest('code_exchange_refused', 'Shopify refused the authorization code (used or expired). Start the install again from /auth.');
      throw new AppError(502, 'shopify_unavailable', 'Shopify could not be reached to finish the install. Try again in a moment.');
    });
    await install.offlineSessions.store(session);
    const row = install.installs.recordInstall(shop, install.clock.now());
    install.onInstalled(row);
    res.redirect(302, `https://${shop}/admin/apps/${encodeURIComponent(config.shopify.apiKey)}`);
  });

  return router;
}
