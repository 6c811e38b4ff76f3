/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds over a random v4 UUID's first 12 hex digits, version
 * digit 7. Time-ordered ids keep the server's unique index append-only (random v4 ids halve its insert
 * rate). crypto.randomUUID needs a secure context: every Shopify storefront is HTTPS (and localhost counts).
 */
export const uuidV7 = (): string => {
  // 11 hex digits until the year 2527.
  const t = '0' + Date.now().toString(16);
  return `${t.slice(0, 8)}-${t.slice(8)}-7${crypto.randomUUID().slice(15)}`;
};
