/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, version 7, variant 10, random bits. Time-ordered
 * ids keep the server's unique index append-only (random v4 ids halve its insert rate).
 * crypto.getRandomValues works on plain http too, unlike crypto.randomUUID.
 */
export function uuidV7(): string {
  const h = Date.now().toString(16).padStart(12, '0') + Array.from(crypto.getRandomValues(new Uint8Array(10)), (b) => (b + 256).toString(16).slice(1)).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-7${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20)}`;
}
