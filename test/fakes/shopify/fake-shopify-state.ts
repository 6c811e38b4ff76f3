/** Everything the fake Shopify remembers, shared by its endpoints and inspected by tests. */
export interface FakeShopifyState {
  apiKey: string;
  apiSecret: string;
  scope: string;
  now(): number;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** access token → shop and expiry (ms; null = never). */
  accessTokens: Map<string, { shop: string; expiresAt: number | null }>;
  /** refresh token → shop and expiry; deleted when used (Shopify rotates refresh tokens). */
  refreshTokens: Map<string, { shop: string; expiresAt: number }>;
  /** authorization code → shop; single use. */
  codes: Map<string, string>;
  /** One web pixel per app per shop. */
  pixels: Map<string, { id: string; settings: string }>;
  /** shop → its live (MAIN) theme; settingsData = config/settings_data.json as stored (null: no such file). */
  mainThemes: Map<string, { id: string; name: string; settingsData: string | null }>;
  /** shop → resource gid → tags, from tagsAdd/tagsRemove. */
  tags: Map<string, Map<string, string[]>>;
  buckets: Map<string, { available: number; at: number }>;
  bucket: { maximumAvailable: number; restoreRate: number };
  calls: FakeCall[];
  /** Faults to inject, consumed one per matching request. */
  faults: { kind: 'token' | 'graphql'; status: number; body: unknown }[];
}

export interface FakeCall {
  kind: 'token' | 'graphql' | 'authorize';
  shop: string;
  /** token: the grant_type; graphql: the root field (webPixelCreate, shop...); authorize: 'authorize'. */
  operation: string;
  /** token requests: the `expiring` parameter as sent. */
  expiring?: string;
  status: number;
  at: number;
}
