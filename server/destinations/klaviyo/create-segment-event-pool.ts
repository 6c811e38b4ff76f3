import type { KlaviyoTransport } from './klaviyo-transport.js';
import type { SegmentEvent } from './klaviyo-bodies.js';
import type { ItemOutcome } from './item-outcome.js';
import { EVENTS_PER_CALL, sendSegmentEvents } from './send-segment-events.js';

export interface PooledEvent {
  event: SegmentEvent;
  settle: (outcome: ItemOutcome) => void;
}

export interface SegmentEventPool {
  /** Queues events; every full call's worth is sent at once, the remainder waits for more or for close(). */
  add(events: readonly PooledEvent[]): void;
  /**
   * Sends what is left (unless the apply is failing anyway: flush false) and resolves once every call is
   * answered; rejects with the first whole-call failure.
   */
  close(flush?: boolean): Promise<void>;
}

/**
 * Segment events of one apply() gathered across its concurrent groups, so the groups finishing at
 * different times still share full bulk calls: the M tier pays for calls, not for events. Each event's
 * outcome is handed back through its own settle, whichever call carried it.
 */
export function createSegmentEventPool(transport: KlaviyoTransport): SegmentEventPool {
  const waiting: PooledEvent[] = [];
  const calls: Promise<void>[] = [];
  let failure: { error: unknown } | null = null;

  const send = (batch: PooledEvent[]) => {
    calls.push(sendSegmentEvents(transport, batch.map((p) => p.event)).then(
      (outcomes) => batch.forEach((p, i) => p.settle(outcomes[i] ?? { result: 'ok' })),
      // Kept, not thrown here: close() reports it once every call has been answered.
      (error: unknown) => { failure ??= { error }; },
    ));
  };

  return {
    add(events) {
      waiting.push(...events);
      const full = waiting.length - (waiting.length % EVENTS_PER_CALL);
      if (full > 0 && failure === null) send(waiting.splice(0, full));
    },
    async close(flush = true) {
      if (flush && waiting.length > 0 && failure === null) send(waiting.splice(0));
      await Promise.all(calls);
      if (failure) throw failure.error;
    },
  };
}
