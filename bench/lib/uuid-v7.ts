let lastMs = 0;
let sequence = 0;
const tail = Math.floor(Math.random() * 0xffffffff).toString(16).padStart(8, '0');
let counter = 0;

/**
 * UUIDv7-shaped ids (RFC 9562 layout: 48-bit millisecond timestamp, version 7, a 12-bit sequence,
 * variant, then a per-process tail and counter). The storefront tracker generates time-ordered ids
 * like these, so the (shop_id, event_id) dedupe index grows at its right edge instead of dirtying a
 * random page per event. Cheap on purpose: the load generator shares the machine with the server.
 */
export function uuidV7(now = Date.now()): string {
  if (now === lastMs) sequence = (sequence + 1) & 0xfff;
  else {
    lastMs = now;
    sequence = 0;
  }
  const ms = now.toString(16).padStart(12, '0');
  const seq = sequence.toString(16).padStart(3, '0');
  const count = (counter++ & 0xffffffff).toString(16).padStart(8, '0');
  return `${ms.slice(0, 8)}-${ms.slice(8)}-7${seq}-8${count.slice(0, 3)}-${count.slice(3)}${tail.slice(0, 7)}`;
}
