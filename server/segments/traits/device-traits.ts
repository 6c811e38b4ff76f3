import type { KnownOrder } from './collect-orders.js';
import type { FactDevice, FactEvent } from './profile-facts.js';
import type { DeviceMix, DeviceTrait } from './profile-traits.js';

export interface DeviceTraits {
  sessions: number;
  primaryDevice: DeviceTrait;
  deviceMix: DeviceMix;
  devicesUsed: number;
}

type KnownDevice = Exclude<FactDevice, 'unknown'>;
const KNOWN_DEVICES: readonly KnownDevice[] = ['mobile', 'tablet', 'desktop'];

export const deviceTrait = (device: string): DeviceTrait =>
  device === 'mobile' || device === 'tablet' || device === 'desktop' ? (device.toUpperCase() as DeviceTrait) : 'UNKNOWN';

/**
 * Sessions and devices. A session's device is the device of its first event: one session is one browser,
 * and a later event's user agent cannot move it. Only events with a session id make sessions (orders and
 * other server events have none).
 */
export function computeDeviceTraits(events: readonly FactEvent[], counted: readonly KnownOrder[]): DeviceTraits {
  const sessions = new Map<string, { device: FactDevice; lastIndex: number }>();
  events.forEach((e, index) => {
    if (e.sessionId === null) return;
    const session = sessions.get(e.sessionId);
    if (session) session.lastIndex = index;
    else sessions.set(e.sessionId, { device: e.device, lastIndex: index });
  });
  const deviceMix: DeviceMix = { mobile: 0, tablet: 0, desktop: 0, unknown: 0 };
  for (const s of sessions.values()) deviceMix[s.device] += 1;

  // Recency = position of the session's last event (events are in time order), so ties are total.
  const fromSessions = mostUsed([...sessions.values()].map((s) => ({ device: s.device, recency: s.lastIndex })));
  const fromOrders = mostUsed(counted.map((o, i) => ({ device: o.device, recency: i })));
  const used = new Set<FactDevice>([...sessions.values()].map((s) => s.device));
  for (const o of counted) used.add(o.device);
  return {
    sessions: sessions.size,
    // An unknown device says nothing: orders (say, bought on the phone, never tracked) are a better guess.
    primaryDevice: deviceTrait(fromSessions ?? fromOrders ?? 'unknown'),
    deviceMix,
    devicesUsed: KNOWN_DEVICES.filter((d) => used.has(d)).length,
  };
}

/** The known device with the most uses; a tie goes to the one used most recently. */
function mostUsed(uses: readonly { device: FactDevice; recency: number }[]): KnownDevice | null {
  const tally = new Map<KnownDevice, { count: number; recency: number }>();
  for (const u of uses) {
    if (u.device === 'unknown') continue;
    const t = tally.get(u.device) ?? { count: 0, recency: -1 };
    tally.set(u.device, { count: t.count + 1, recency: Math.max(t.recency, u.recency) });
  }
  let best: KnownDevice | null = null;
  for (const [device, t] of tally) {
    const b = best === null ? null : tally.get(best)!;
    if (b === null || t.count > b.count || (t.count === b.count && t.recency > b.recency)) best = device;
  }
  return best;
}
