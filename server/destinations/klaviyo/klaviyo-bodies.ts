import type { SyncMember } from '../destination-client.js';

/** Request bodies in the spec's JSON:API shapes (snake_case on the wire). Pure. */

export interface ImportProfile { type: 'profile'; attributes: { email: string; properties: Record<string, unknown> } }

export const importProfile = (member: SyncMember & { email: string }): ImportProfile => ({
  type: 'profile',
  attributes: { email: member.email, properties: { ...member.properties } },
});

export const importJobBody = (profiles: readonly ImportProfile[], listId: string) => ({
  data: {
    type: 'profile-bulk-import-job',
    attributes: { profiles: { data: profiles } },
    relationships: { lists: { data: [{ type: 'list', id: listId }] } },
  },
});

/** Bytes the job body adds around its profiles (plus a comma per profile), for chunking. */
export const IMPORT_ENVELOPE_BYTES = Buffer.byteLength(JSON.stringify(importJobBody([], 'X'.repeat(64))));

export const listBody = (name: string) => ({ data: { type: 'list', attributes: { name } } });

export const profileIdsBody = (ids: readonly string[]) => ({ data: ids.map((id) => ({ type: 'profile', id })) });

export interface SegmentEvent {
  /** The profile by id when known, else by email. */
  profile: { id: string } | { email: string };
  name: 'Entered Segment' | 'Exited Segment';
  uniqueId: string;
  properties: { segment_id: number; segment_name: string };
  time: string;
}

export const eventBulkBody = (events: readonly SegmentEvent[]) => ({
  data: {
    type: 'event-bulk-create-job',
    attributes: {
      'events-bulk-create': {
        data: events.map((e) => ({
          type: 'event-bulk-create',
          attributes: {
            profile: { data: 'id' in e.profile ? { type: 'profile', id: e.profile.id, attributes: {} } : { type: 'profile', attributes: { email: e.profile.email } } },
            events: {
              data: [{
                type: 'event',
                attributes: {
                  properties: e.properties,
                  metric: { data: { type: 'metric', attributes: { name: e.name } } },
                  unique_id: e.uniqueId,
                  time: e.time,
                },
              }],
            },
          },
        })),
      },
    },
  },
});

export interface Subscriber { email: string; consentedAt: string | null }

/** consented_at only with historical_import, which the spec requires together (and skips double opt-in). */
export const subscribeBody = (subscribers: readonly Subscriber[], historical: boolean) => ({
  data: {
    type: 'profile-subscription-bulk-create-job',
    attributes: {
      custom_source: 'Shopper Segments',
      historical_import: historical,
      profiles: {
        data: subscribers.map((s) => ({
          type: 'profile',
          attributes: {
            email: s.email,
            subscriptions: { email: { marketing: { consent: 'SUBSCRIBED', ...(historical && s.consentedAt !== null && { consented_at: s.consentedAt }) } } },
          },
        })),
      },
    },
  },
});

/** unique_id per the contract: a replayed operation sends the same id, so Klaviyo keeps one event. */
export const segmentEventId = (segmentId: number, profileId: number, enteredAt: number, kind: 'enter' | 'exit') =>
  `ss:${segmentId}:${profileId}:${enteredAt}:${kind}`;
