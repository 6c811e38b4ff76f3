import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FakeShopifyState } from './fake-shopify-state.js';

export interface FakeResponse {
  status: number;
  body: unknown;
}

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ID_TOKEN = 'urn:ietf:params:oauth:token-type:id_token';
const OFFLINE = 'urn:shopify:params:oauth:token-type:offline-access-token';

const fail = (error: string, description: string): FakeResponse => ({ status: 400, body: { error, error_description: description } });

/**
 * POST /admin/oauth/access_token as Shopify documents it (shopify.md §6.2): token exchange of a session
 * token, refresh_token (rotating) and authorization_code grants, offline tokens only, expiring when
 * `expiring=1`. Errors are 400 with OAuth's `{error, error_description}`.
 */
export function handleTokenRequest(state: FakeShopifyState, shop: string, params: Record<string, string>): FakeResponse & { grant: string } {
  const grant = params.grant_type ?? (params.code ? 'authorization_code' : '');
  const result = (() => {
    if (params.client_id !== state.apiKey || params.client_secret !== state.apiSecret) {
      return fail('invalid_client', 'Client authentication failed.');
    }
    const expiring = params.expiring === '1';
    if (grant === TOKEN_EXCHANGE) {
      if (params.subject_token_type !== ID_TOKEN) return fail('invalid_request', 'subject_token_type must be an id_token.');
      if (params.requested_token_type !== OFFLINE) return fail('invalid_request', 'This fake issues offline access tokens only.');
      const problem = checkSessionToken(state, shop, params.subject_token ?? '');
      if (problem) return fail('invalid_subject_token', problem);
      return issue(state, shop, expiring);
    }
    if (grant === 'refresh_token') {
      const entry = state.refreshTokens.get(params.refresh_token ?? '');
      if (!entry || entry.shop !== shop || entry.expiresAt <= state.now()) return fail('invalid_grant', 'The refresh token is invalid, used or expired.');
      state.refreshTokens.delete(params.refresh_token ?? '');
      return issue(state, shop, true);
    }
    if (grant === 'authorization_code') {
      if (state.codes.get(params.code ?? '') !== shop) return fail('invalid_grant', 'The authorization code is invalid or was used.');
      state.codes.delete(params.code ?? '');
      return issue(state, shop, expiring);
    }
    return fail('unsupported_grant_type', `Unsupported grant_type "${grant}".`);
  })();
  return { ...result, grant };
}

function issue(state: FakeShopifyState, shop: string, expiring: boolean): FakeResponse {
  const accessToken = `shpat_${randomBytes(16).toString('hex')}`;
  const now = state.now();
  state.accessTokens.set(accessToken, { shop, expiresAt: expiring ? now + state.accessTokenTtlSeconds * 1000 : null });
  if (!expiring) return { status: 200, body: { access_token: accessToken, scope: state.scope } };
  const refreshToken = `shprt_${randomBytes(16).toString('hex')}`;
  state.refreshTokens.set(refreshToken, { shop, expiresAt: now + state.refreshTokenTtlSeconds * 1000 });
  return {
    status: 200,
    body: {
      access_token: accessToken,
      scope: state.scope,
      expires_in: state.accessTokenTtlSeconds,
      refresh_token: refreshToken,
      refresh_token_expires_in: state.refreshTokenTtlSeconds,
    },
  };
}

/** An App Bridge session token: HS256 with the app secret, aud = client id, dest = this shop, within nbf..exp. */
function checkSessionToken(state: FakeShopifyState, shop: string, token: string): string | null {
  const [head, body, sig] = token.split('.');
  if (!head || !body || !sig) return 'The subject token is not a JWT.';
  const expected = createHmac('sha256', state.apiSecret).update(`${head}.${body}`).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'The subject token signature is invalid.';
  const header = JSON.parse(Buffer.from(head, 'base64url').toString()) as { alg?: string };
  if (header.alg !== 'HS256') return 'The subject token must be HS256.';
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as { aud?: string; dest?: string; exp?: number; nbf?: number };
  if (claims.aud !== state.apiKey) return 'The subject token is for another app.';
  if (claims.dest !== `https://${shop}`) return 'The subject token is for another shop.';
  // Real time, not state.now(): the app's library checks the same token with jose against the real clock,
  // and tests move state.now() hours ahead to expire access tokens.
  const nowSeconds = Date.now() / 1000;
  if (typeof claims.exp !== 'number' || claims.exp < nowSeconds) return 'The subject token has expired.';
  if (typeof claims.nbf === 'number' && claims.nbf > nowSeconds + 10) return 'The subject token is not valid yet.';
  return null;
}
