import { createHmac, randomUUID } from 'node:crypto';

export interface SessionTokenClaims {
  shop: string;
  apiKey: string;
  userId?: string;
  /** Seconds since the epoch; defaults to now. */
  issuedAt?: number;
  ttlSeconds?: number;
}

const b64url = (input: string | Buffer) => Buffer.from(input).toString('base64url');

/**
 * Signs an App Bridge-shaped session token (HS256 with the app secret), exactly the claims Shopify
 * issues. Used by demo mode, so the admin goes through the same verification as inside Shopify, and by tests.
 */
export function signSessionToken(secret: string, claims: SessionTokenClaims): string {
  const iat = claims.issuedAt ?? Math.floor(Date.now() / 1000);
  const payload = {
    iss: `https://${claims.shop}/admin`,
    dest: `https://${claims.shop}`,
    aud: claims.apiKey,
    sub: claims.userId ?? '1',
    exp: iat + (claims.ttlSeconds ?? 60),
    nbf: iat,
    iat,
    jti: randomUUID(),
    sid: randomUUID(),
  };
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify(payload));
  const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}
