import type { KlaviyoTransport } from './klaviyo-transport.js';
import { eventBulkBody, type SegmentEvent } from './klaviyo-bodies.js';
import { chunkByCountAndBytes } from './chunk-by-count-and-bytes.js';
import { klaviyoErrors, pointerIndex } from './klaviyo-error-body.js';
import type { ItemOutcome } from './item-outcome.js';
import { runConcurrently } from './run-concurrently.js';

/** The spec: up to 1,000 events and 5 MB per bulk create job. */
export const EVENTS_PER_CALL = 1000;
const MAX_BYTES = 4_600_000;
const ENTRIES = '/data/attributes/events-bulk-create/data';
const IN_FLIGHT = 4;

/**
 * Sends Entered/Exited Segment events with the bulk create endpoint (one call per 1,000 instead of one
 * each). Klaviyo keeps one event per unique_id, so a replay triggers no flow twice. An event Klaviyo
 * refuses by index is refused alone; the rest are sent once more.
 */
export async function sendSegmentEvents(transport: KlaviyoTransport, events: readonly SegmentEvent[]): Promise<ItemOutcome[]> {
  const outcomes: ItemOutcome[] = events.map(() => ({ result: 'ok' }));
  const sizes = events.map((e) => Buffer.byteLength(JSON.stringify(eventBulkBody([e]))));
  const chunks = chunkByCountAndBytes(events.map((_, i) => i), (i) => sizes[i] ?? 0, { maxCount: EVENTS_PER_CALL, maxBytes: MAX_BYTES });
  await runConcurrently(chunks, IN_FLIGHT, async (chunk) => {
    let indexes = chunk;
    for (let attempt = 1; attempt <= 2 && indexes.length > 0; attempt += 1) {
      const answer = await transport.send({
        method: 'POST', path: '/api/event-bulk-create-jobs', tier: 'M', accept: [400],
        body: eventBulkBody(indexes.map((i) => events[i] as SegmentEvent)),
      });
      if (answer.status !== 400) break;
      const errors = klaviyoErrors(answer.body);
      const pointed = errors.map((e) => ({ code: e.code, at: pointerIndex(e.pointer, ENTRIES) }));
      if (pointed.length === 0 || attempt === 2 || pointed.some((p) => p.at === null || p.at.index >= indexes.length)) {
        const code = errors[0]?.code ?? 'invalid';
        for (const i of indexes) outcomes[i] = { result: 'rejected', status: 400, code, message: `Klaviyo refused the segment event: ${errors[0]?.detail ?? 'no detail'}` };
        break;
      }
      const bad = new Set(pointed.map((p) => indexes[p.at?.index ?? -1] as number));
      for (const p of pointed) {
        const global = indexes[p.at?.index ?? -1] as number;
        outcomes[global] = { result: 'rejected', status: 400, code: p.code, message: 'Klaviyo refused the segment event for this profile.' };
      }
      indexes = indexes.filter((i) => !bad.has(i));
    }
  });
  return outcomes;
}
