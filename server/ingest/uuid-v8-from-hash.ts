import { createHash } from 'node:crypto';

/**
 * A UUIDv8 for an event the app derives: `timeHex` (48 bits, 12 hex digits: the time, so derived ids
 * sort like the UUIDv7 ids clients send) then version 8, the variant bits and 74 bits of SHA-256 of
 * `seed`. The same seed always gives the same id, so a fact derived twice is stored once.
 */
export function uuidV8FromHash(timeHex: string, seed: string): string {
  const hash = createHash('sha256').update(seed).digest('hex');
  const hex = timeHex + '8' + hash.slice(0, 3) + ((parseInt(hash[3]!, 16) & 3) | 8).toString(16) + hash.slice(4, 19);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
