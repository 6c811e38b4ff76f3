/**
 * Our server wants a UUID per event and stores an id once per shop, so a retried request is harmless.
 * Shopify's pixel event ids are not UUIDs (they look like `sh-66770d6f-D512-4D2E-107C-88AA044AD287`),
 * so a non-UUID id is turned into one deterministically: the same Shopify event id always yields the
 * same UUID, and a re-sent event is deduplicated by the server.
 *
 * The UUID is version 8 (RFC 9562 "custom"): 122 bits of a 128-bit non-cryptographic hash of
 * `NAMESPACE + eventId`, with the version nibble set to 8 and the variant bits to 10. Not SHA-1
 * (UUIDv5) because the sandbox would have to ship SHA-1 or await `crypto.subtle` for every event, and
 * nothing here needs collision resistance against an attacker: a collision only makes two events of
 * the same shop look like one.
 */
const NAMESPACE = 'shopify-web-pixel-event:';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export function deriveEventId(pixelEventId: string): string {
  return isUuid(pixelEventId) ? pixelEventId.toLowerCase() : uuidFromHash(NAMESPACE + pixelEventId);
}

/** A version-8 UUID that is a pure function of `input`. */
export function uuidFromHash(input: string): string {
  const [a, b, c, d] = hash128(input);
  const hex = [a, (b & 0xffff0fff) | 0x00008000, (c & 0x3fffffff) | 0x80000000, d].map((n) => (n >>> 0).toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Four 32-bit lanes, each an FNV-1a-style multiply over the UTF-16 code units with its own odd
 * constant, then cross-mixed and finished with MurmurHash3's fmix32 so every output bit depends on
 * every input character. Deterministic in every JavaScript engine (Math.imul is exact).
 */
export function hash128(input: string): [number, number, number, number] {
  let h1 = 0x811c9dc5;
  let h2 = 0x9e3779b9;
  let h3 = 0x85ebca6b;
  let h4 = 0xc2b2ae35;
  for (let i = 0; i < input.length; i++) {
    const k = input.charCodeAt(i);
    h1 = Math.imul(h1 ^ k, 0x01000193);
    h2 = Math.imul(h2 ^ k, 0x5bd1e995);
    h3 = Math.imul(h3 ^ k, 0x27d4eb2f);
    h4 = Math.imul(h4 ^ k, 0x165667b1);
  }
  h1 ^= input.length;
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  h1 = fmix32(h1);
  h2 = fmix32(h2);
  h3 = fmix32(h3);
  h4 = fmix32(h4);
  h1 = (h1 + h2 + h3 + h4) | 0;
  return [h1 >>> 0, (h2 + h1) >>> 0, (h3 + h1) >>> 0, (h4 + h1) >>> 0];
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
