import type { KnownOrder } from './collect-orders.js';
import type { FactDevice } from './profile-facts.js';
import type { DeviceMix, DeviceTrait } from './profile-traits.js';
import type { SessionSummary } from './summarize-activity.js';

export interface DeviceTraits {
  sessions: number;
  primaryDevice: DeviceTrait;
  deviceMix: DeviceMix;
  devicesUsed: number;
}

type KnownDevice = Exclude<FactDevice, 'unknown'>;

export const deviceTrait = (device: string): DeviceTrait =>
  device === 'mobile' || device === 'tablet' || device === 'desktop' ? (device.toUpperCase() as DeviceTrait) : 'UNKNOWN';

/**
 * Sessions and devices. A session's device is the device of its first event (SessionSummary): one
 * session is one browser, and a later event's user agent cannot move it. Only events with a session id
 * make sessions (orders and other server events have none).
 */
export function computeDeviceTraits(sessions: readonly SessionSummary[], counted: readonly KnownOrder[]): DeviceTraits {
  const deviceMix: DeviceMix = { mobile: 0, tablet: 0, desktop: 0, unknown: 0 };
  const fromSessions = new Tally();
  for (const s of sessions) {
    deviceMix[s.device] += 1;
    // Recency = the time of the session's last event.
    fromSessions.add(s.device, s.last);
  }
  const fromOrders = new Tally();
  // Recency = position among the counted orders, which are in (time, order id) order: ties are total.
  counted.forEach((o, i) => fromOrders.add(o.device, i));
  let devicesUsed = 0;
  for (const device of DEVICES) if (fromSessions.count(device) > 0 || fromOrders.count(device) > 0) devicesUsed += 1;
  return {
    sessions: sessions.length,
    // An unknown device says nothing: orders (say, bought on the phone, never tracked) are a better guess.
    primaryDevice: deviceTrait(fromSessions.mostUsed() ?? fromOrders.mostUsed() ?? 'unknown'),
    deviceMix,
    devicesUsed,
  };
}

/** Uses per known device (desktop, mobile, tablet: alphabetical, the order of the last tie-break). */
class Tally {
  private readonly counts = [0, 0, 0];
  private readonly recency = [-Infinity, -Infinity, -Infinity];

  add(device: string, recency: number): void {
    const i = indexOf(device);
    if (i < 0) return;
    this.counts[i]! += 1;
    if (recency > this.recency[i]!) this.recency[i] = recency;
  }

  count(device: KnownDevice): number {
    return this.counts[indexOf(device)]!;
  }

  /** The known device with the most uses; a tie goes to the one used most recently, then to the first. */
  mostUsed(): KnownDevice | null {
    let best = -1;
    for (let i = 0; i < 3; i++) {
      if (this.counts[i] === 0) continue;
      if (best < 0 || this.counts[i]! > this.counts[best]! || (this.counts[i] === this.counts[best] && this.recency[i]! > this.recency[best]!)) best = i;
    }
    return best < 0 ? null : DEVICES[best]!;
  }
}

const DEVICES: readonly KnownDevice[] = ['desktop', 'mobile', 'tablet'];
const indexOf = (device: string) => (device === 'desktop' ? 0 : device === 'mobile' ? 1 : device === 'tablet' ? 2 : -1);
