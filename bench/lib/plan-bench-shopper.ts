import { createSeededRandom, type SeededRandom } from '../../server/demo/create-seeded-random.js';
import { PLATFORMS } from '../../server/demo/demo-behavior.js';

export type BenchDevice = 'mobile' | 'desktop' | 'tablet';

/** Share of shoppers' first device (the issue's benchmark: about 70 % mobile, 26 % desktop, 4 % tablet). */
export const BENCH_DEVICE_MIX: Readonly<Record<BenchDevice, number>> = { mobile: 0.7, desktop: 0.26, tablet: 0.04 };
const SECOND_DEVICE: Readonly<Record<BenchDevice, Readonly<Record<BenchDevice, number>>>> = {
  mobile: { desktop: 0.8, tablet: 0.2, mobile: 0 },
  desktop: { mobile: 0.9, tablet: 0.1, desktop: 0 },
  tablet: { mobile: 0.7, desktop: 0.3, tablet: 0 },
};
/** Shoppers who browse on a second device and log in on both (identity stitching joins the two visitors). */
const TWO_DEVICE_SHARE = 0.08;
/** Shoppers with at least one order, and the share of those who come back for more. */
const BUYER_SHARE = 0.075;
const REPEAT_SHARE = 0.3;
/** Shoppers who ever add to cart without being buyers (cart and checkout abandoners come from them). */
const CARTER_SHARE = 0.22;
/** Shoppers the site keeps getting in the way of (rage clicks, dead clicks, u-turns on most visits). */
const FRICTION_SHARE = 0.05;

export interface BenchDevicePlan {
  visitorId: string;
  device: BenchDevice;
  os: string;
  browser: string;
}

export interface BenchShopperPlan {
  index: number;
  /** The first is the shopper's main device (live events use it). */
  devices: BenchDevicePlan[];
  orders: number;
  carter: boolean;
  frictionProne: boolean;
  customerId: string | null;
  email: string;
  consent: { marketing: boolean; saleOfData: boolean; gpc: boolean };
}

/**
 * Who bench shopper `index` is, drawn from its own stream (seed, index): the same shopper on every run
 * and in every phase of a run (the live phase finds its visitor id again). Returns the stream too, so the
 * shopper's sessions continue it.
 */
export function planBenchShopper(seed: number, index: number): { plan: BenchShopperPlan; rng: SeededRandom } {
  const rng = createSeededRandom(seed, index);
  const first = rng.weighted(BENCH_DEVICE_MIX);
  const twoDevices = rng.chance(TWO_DEVICE_SHARE);
  const buyer = rng.chance(BUYER_SHARE);
  const orders = buyer ? (rng.chance(REPEAT_SHARE) ? rng.int(2, 5) : 1) : 0;
  const carter = buyer || rng.chance(CARTER_SHARE);
  const frictionProne = rng.chance(FRICTION_SHARE);
  const account = twoDevices || rng.chance(buyer ? 0.6 : 0.06);
  const marketing = rng.chance(0.6);
  const devices = [device(rng, first)];
  if (twoDevices) devices.push(device(rng, rng.weighted(SECOND_DEVICE[first])));
  return {
    plan: {
      index,
      devices,
      orders,
      carter,
      frictionProne,
      customerId: account ? String(7_000_000_000_000 + index) : null,
      email: `bench-shopper-${index + 1}@example.com`,
      consent: Object.freeze({ marketing, saleOfData: true, gpc: false }),
    },
    rng,
  };
}

function device(rng: SeededRandom, kind: BenchDevice): BenchDevicePlan {
  const [os, browser] = rng.weighted(PLATFORMS[kind]).split('/') as [string, string];
  return { visitorId: rng.uuid(), device: kind, os, browser };
}

/**
 * Relative number of events of a shopper: log-normal (a few heavy browsers, many one-visit shoppers),
 * heavier for buyers. From a stream of its own, so budgets can be summed before generating.
 */
export function benchShopperWeight(seed: number, index: number, orders: number): number {
  const rng = createSeededRandom(seed ^ 0x2545f491, index);
  const normal = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  return Math.min(Math.exp(normal), 60) * (orders > 0 ? 1.5 + 0.5 * orders : 1);
}
