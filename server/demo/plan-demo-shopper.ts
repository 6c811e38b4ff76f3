import type { SeededRandom } from './create-seeded-random.js';
import {
  CONSENT, DEVICE_MIX, HOUR_WEIGHTS, LOGIN_PER_SESSION, PLATFORMS, SECOND_DEVICE, SEGMENTS, TWO_DEVICE_SHARE,
  type SeedDevice, type Segment,
} from './demo-behavior.js';
import { demoCustomerId, demoEmail } from './demo-customers.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** Sessions end after 30 minutes of inactivity; the next one starts at least this long after. */
const SESSION_GAP = 35 * 60_000;
const HOURS = Object.fromEntries(HOUR_WEIGHTS.map((w, h) => [String(h), w]));

export interface DemoDevice {
  visitorId: string;
  device: SeedDevice;
  os: string;
  browser: string;
}

export interface PlannedSession {
  start: number;
  /** Index into DemoShopperPlan.devices. */
  deviceIndex: number;
  /** The shopper logs in during this session (Customer_Identified). */
  login: boolean;
}

export interface DemoShopperPlan {
  index: number;
  segment: Segment;
  intent: number;
  devices: DemoDevice[];
  /** Shopify customer id when the shopper has an account. */
  customerId: string | null;
  /** Given at checkout (and on login); `shopperN@example.com`, N = index + 1. */
  email: string;
  consent: { marketing: boolean; saleOfData: boolean; gpc: boolean };
  sessions: PlannedSession[];
}

/**
 * Who a demo shopper is and when they visit. Session starts are sorted, at least SESSION_GAP apart
 * and end before `now`; a two-device shopper uses both devices and logs in on each in the later half
 * of that device's sessions, so identity stitching has two visitor ids to join through the customer id.
 */
export function planDemoShopper(rng: SeededRandom, index: number, now: number, days: number): DemoShopperPlan {
  const segment = rng.weighted({ casual: SEGMENTS.casual.share, regular: SEGMENTS.regular.share, loyal: SEGMENTS.loyal.share });
  const traits = SEGMENTS[segment];
  const twoDevices = segment !== 'casual' && rng.chance(TWO_DEVICE_SHARE);
  const first = rng.weighted(DEVICE_MIX);
  const devices = [drawDevice(rng, first)];
  if (twoDevices) devices.push(drawDevice(rng, rng.weighted(SECOND_DEVICE[first])));
  const hasAccount = twoDevices || rng.chance(traits.account);
  const gpc = rng.chance(CONSENT.gpc);
  const consent = { marketing: !gpc && rng.chance(CONSENT.marketing), saleOfData: !gpc && rng.chance(CONSENT.saleOfData), gpc };

  const count = Math.max(rng.int(traits.sessions[0], traits.sessions[1]), twoDevices ? 4 : 1);
  const windowStart = now - days * DAY;
  const latestStart = now - 2 * HOUR;
  const firstVisit = windowStart + rng.next() * (latestStart - windowStart) * traits.startWithin;
  const starts: number[] = [firstVisit];
  for (let i = 1; i < count; i++) starts.push(atBusyHour(rng, firstVisit + rng.next() * (latestStart - firstVisit), firstVisit, latestStart));
  starts.sort((a, b) => a - b);
  const spaced: number[] = [];
  for (const s of starts) {
    const start = spaced.length ? Math.max(s, spaced[spaced.length - 1]! + SESSION_GAP) : s;
    if (start <= latestStart) spaced.push(start);
  }

  const sessions: PlannedSession[] = spaced.map((start, i) => ({
    start,
    // The first two sessions of a two-device shopper use one device each, so both really exist.
    deviceIndex: twoDevices ? (i < 2 ? i : rng.chance(0.4) ? 1 : 0) : 0,
    login: false,
  }));
  if (hasAccount) scheduleLogins(rng, sessions, devices.length);

  return {
    index,
    segment,
    intent: traits.intent,
    devices,
    customerId: hasAccount ? demoCustomerId(index) : null,
    email: demoEmail(index),
    consent,
    sessions,
  };
}

function drawDevice(rng: SeededRandom, device: SeedDevice): DemoDevice {
  const [os, browser] = rng.weighted(PLATFORMS[device]).split('/') as [string, string];
  return { visitorId: rng.uuid(), device, os, browser };
}

/** Keeps the day, moves the time of day to a realistic hour when that stays inside the shopper's window. */
function atBusyHour(rng: SeededRandom, t: number, min: number, max: number): number {
  const moved = Math.floor(t / DAY) * DAY + Number(rng.weighted(HOURS)) * HOUR + rng.next() * HOUR;
  return moved >= min && moved <= max ? moved : t;
}

function scheduleLogins(rng: SeededRandom, sessions: PlannedSession[], deviceCount: number): void {
  if (deviceCount === 2) {
    // Log in once on each device, in the later half of that device's sessions.
    for (let d = 0; d < 2; d++) {
      const own = sessions.filter((s) => s.deviceIndex === d);
      const chosen = own[rng.int(Math.floor(own.length / 2), own.length - 1)];
      if (chosen) chosen.login = true;
    }
    return;
  }
  const first = sessions.findIndex(() => rng.chance(LOGIN_PER_SESSION));
  if (first >= 0) sessions[first]!.login = true;
}
