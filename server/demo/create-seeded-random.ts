/**
 * A small deterministic random source for the demo seed: the same seed gives the same history on every
 * machine, so re-seeding produces the same event ids and the ingestion dedupe makes it a no-op.
 *
 * sfc32 rather than mulberry32: mulberry32 has 32 bits of state, and the per-shopper streams of a
 * 100k-shopper seed would overlap often enough to repeat event ids (silently deduplicated away).
 * sfc32 has 128 bits of state; each shopper's stream starts from a mix of (seed, shopper index).
 */
export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks a key with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K;
  /** Exponentially distributed with the given mean. */
  exponential(mean: number): number;
  /** Lower-case hex string of `length` characters. */
  hex(length: number): string;
  /** A version-4-shaped UUID built from this stream. */
  uuid(): string;
}

/** The random source of one shopper of one seed; independent of how many shoppers come before it. */
export function createSeededRandom(seed: number, stream = 0): SeededRandom {
  // splitmix32 expands the two 32-bit inputs into sfc32's four state words.
  let s = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(stream | 0, 0x85ebca6b) ^ 0x5bd1e995) >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix() ^ (stream >>> 0);
  let b = splitmix();
  let c = splitmix() ^ (seed >>> 0);
  let d = 1;
  const uint32 = (): number => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  // Discard the first outputs: sfc32 needs a few rounds before its state is well mixed.
  for (let i = 0; i < 12; i++) uint32();

  const next = () => uint32() / 4294967296;
  const hex8 = () => {
    const x = uint32();
    return HEX[x >>> 24]! + HEX[(x >>> 16) & 255]! + HEX[(x >>> 8) & 255]! + HEX[x & 255]!;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
      const table = tableOf(weights);
      let r = next() * table.total;
      for (let i = 0; i < table.keys.length; i++) {
        r -= table.weights[i]!;
        if (r < 0) return table.keys[i] as K;
      }
      return table.keys[table.keys.length - 1] as K;
    },
    exponential: (mean) => -Math.log(1 - next()) * mean,
    hex(length) {
      let out = '';
      while (out.length < length) out += hex8();
      return out.slice(0, length);
    },
    uuid() {
      const a8 = hex8();
      const b8 = hex8();
      const c8 = hex8();
      const variant = '89ab'[uint32() & 3]!;
      return `${a8}-${b8.slice(0, 4)}-4${b8.slice(5, 8)}-${variant}${c8.slice(1, 4)}-${c8.slice(4)}${hex8()}`;
    },
  };
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

interface WeightTable { keys: string[]; weights: number[]; total: number }
// Weight objects are module constants, so each is turned into arrays once.
const tables = new WeakMap<object, WeightTable>();
function tableOf(weights: Readonly<Record<string, number>>): WeightTable {
  let table = tables.get(weights);
  if (!table) {
    const keys = Object.keys(weights);
    const values = keys.map((k) => weights[k]!);
    table = { keys, weights: values, total: values.reduce((s, w) => s + w, 0) };
    tables.set(weights, table);
  }
  return table;
}
