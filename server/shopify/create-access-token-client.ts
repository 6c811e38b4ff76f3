import { Session } from '@shopify/shopify-api';
import { z } from 'zod';
import type { AppConfig } from '../config.js';
import type { Clock } from '../clock.js';
import { adminOriginOf } from './admin-origin-of.js';

/** Shopify answered the token endpoint with an error; `oauthError` is its `error` field (e.g. invalid_subject_token). */
export class AccessTokenError extends Error {
  constructor(readonly status: number, readonly oauthError: string, message: string) {
    super(message);
  }
}

export interface AccessTokenClient {
  /** Token exchange of an App Bridge session token for an expiring offline token. */
  exchangeSessionToken(shop: string, sessionToken: string): Promise<Session>;
  /** Refresh grant; Shopify rotates the refresh token, so the returned session must replace the old one. */
  refresh(shop: string, refreshToken: string): Promise<Session>;
  /** Authorization-code grant (OAuth callback), asking for an expiring offline token. */
  exchangeAuthorizationCode(shop: string, code: string, state: string): Promise<Session>;
}

const TokenResponse = z.object({
  access_token: z.string().min(1).max(1000),
  scope: z.string().max(2000),
  expires_in: z.number().int().positive().optional(),
  refresh_token: z.string().min(1).max(1000).optional(),
  refresh_token_expires_in: z.number().int().positive().optional(),
});
const ErrorResponse = z.object({ error: z.string().max(200).optional(), error_description: z.string().max(1000).optional() });

/**
 * Calls POST {adminOrigin}/admin/oauth/access_token directly (shopify.md §6.2) rather than through
 * shopify.auth.tokenExchange/refreshToken/callback: those always post to https://{shop} (no way to point
 * them at a test double) and date expiry with Date.now() instead of our clock. Bodies match the library's.
 */
export function createAccessTokenClient(deps: { config: AppConfig; clock: Clock; fetch?: typeof fetch }): AccessTokenClient {
  const { config, clock } = deps;
  const doFetch = deps.fetch ?? fetch;
  const credentials = { client_id: config.shopify.apiKey, client_secret: config.shopify.apiSecret };

  async function request(shop: string, body: Record<string, string>, state = ''): Promise<Session> {
    const res = await doFetch(`${adminOriginOf(config, shop)}/admin/oauth/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ ...credentials, ...body }),
      signal: AbortSignal.timeout(15_000),
    });
    const json: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const e = ErrorResponse.safeParse(json);
      const code = (e.success && e.data.error) || `http_${res.status}`;
      throw new AccessTokenError(res.status, code, `Shopify refused the token request for ${shop} (${res.status} ${code}${e.success && e.data.error_description ? `: ${e.data.error_description}` : ''}).`);
    }
    const parsed = TokenResponse.safeParse(json);
    if (!parsed.success) throw new AccessTokenError(res.status, 'malformed_response', `Shopify's token response for ${shop} is not in the expected shape.`);
    const t = parsed.data;
    const now = clock.now();
    return new Session({
      id: `offline_${shop}`,
      shop,
      state,
      isOnline: false,
      scope: t.scope,
      accessToken: t.access_token,
      ...(t.expires_in && { expires: new Date(now + t.expires_in * 1000) }),
      ...(t.refresh_token && t.refresh_token_expires_in && {
        refreshToken: t.refresh_token,
        refreshTokenExpires: new Date(now + t.refresh_token_expires_in * 1000),
      }),
    });
  }

  return {
    exchangeSessionToken: (shop, sessionToken) => request(shop, {
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token: sessionToken,
      subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
      requested_token_type: 'urn:shopify:params:oauth:token-type:offline-access-token',
      expiring: '1',
    }),
    refresh: (shop, refreshToken) => request(shop, { grant_type: 'refresh_token', refresh_token: refreshToken }),
    exchangeAuthorizationCode: (shop, code, state) => request(shop, { code, expiring: '1' }, state),
  };
}
