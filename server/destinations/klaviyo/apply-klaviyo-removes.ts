import type { OperationOutcome, SyncOperation, SyncTarget } from '../destination-client.js';
import type { KlaviyoTransport } from './klaviyo-transport.js';
import { profileIdsBody, segmentEventId, type SegmentEvent } from './klaviyo-bodies.js';
import { lookupKlaviyoProfiles } from './lookup-klaviyo-profiles.js';
import { sendSegmentEvents } from './send-segment-events.js';

export type Remove = Extract<SyncOperation, { op: 'remove' }>;

/** The spec: at most 1,000 profile ids per list-relationship call. */
const IDS_PER_CALL = 1000;

/**
 * Takes members off the list (never an unsubscribe: their consent stays as it is), then sends Exited
 * Segment. Profile ids come from the last sync, else from a look-up by email; a member Klaviyo does not
 * know is not on the list, which is what we wanted.
 */
export async function applyKlaviyoRemoves(transport: KlaviyoTransport, target: SyncTarget & { remoteRef: string }, removes: readonly Remove[], now: () => number): Promise<OperationOutcome[]> {
  const toFind = removes.filter((r) => r.remoteId === null && r.email !== null).map((r) => r.email as string);
  const found = toFind.length > 0 ? await lookupKlaviyoProfiles(transport, toFind) : new Map();
  const ids = removes.map((r) => r.remoteId ?? (r.email === null ? null : found.get(r.email.trim().toLowerCase())?.id ?? null));

  const known = [...new Set(ids.filter((id): id is string => id !== null))];
  for (let start = 0; start < known.length; start += IDS_PER_CALL) {
    // A list deleted in Klaviyo holds no one: the members are off it either way.
    await transport.send({
      method: 'DELETE', path: `/api/lists/${encodeURIComponent(target.remoteRef)}/relationships/profiles`, tier: 'M', accept: [404],
      body: profileIdsBody(known.slice(start, start + IDS_PER_CALL)),
    });
  }

  const time = new Date(now()).toISOString();
  const exited = removes.flatMap((r, index) => {
    const id = ids[index];
    if (id === null || id === undefined) return [];
    const event: SegmentEvent = {
      profile: { id },
      name: 'Exited Segment',
      uniqueId: segmentEventId(target.segmentId, r.profileId, r.enteredAt, 'exit'),
      properties: { segment_id: target.segmentId, segment_name: target.segmentName },
      time,
    };
    return [{ index, event }];
  });
  const sent = await sendSegmentEvents(transport, exited.map((e) => e.event));
  const outcomes: OperationOutcome[] = ids.map((id) => ({ result: 'ok', remoteId: id ?? null }));
  exited.forEach(({ index }, i) => {
    const outcome = sent[i];
    if (outcome && outcome.result !== 'ok') outcomes[index] = outcome;
  });
  return outcomes;
}
