import type { OperationOutcome, SyncMember, SyncTarget } from '../destination-client.js';
import type { KlaviyoTransport } from './klaviyo-transport.js';
import { importProfile, segmentEventId, type SegmentEvent, type Subscriber } from './klaviyo-bodies.js';
import { importKlaviyoProfiles, type ImportLimits, type JobPolling } from './import-klaviyo-profiles.js';
import { lookupKlaviyoProfiles, type RemoteProfile } from './lookup-klaviyo-profiles.js';
import { sendSegmentEvents } from './send-segment-events.js';
import { subscribeKlaviyoProfiles } from './subscribe-klaviyo-profiles.js';

export interface Upsert { kind: 'add' | 'update'; member: SyncMember; remoteId: string | null }

export interface UpsertContext {
  transport: KlaviyoTransport;
  polling: JobPolling;
  limits: ImportLimits;
  subscribeWithConsent: boolean;
  now: () => number;
}

/** Global suppressions that mean the address cannot receive mail: the member is refused for good. */
const UNDELIVERABLE: Readonly<Record<string, 'bounced' | 'invalid'>> = { HARD_BOUNCE: 'bounced', INVALID_EMAIL: 'invalid' };

/**
 * Adds and property updates for one list: look the addresses up (ids, bounces, consent), import the
 * rest into the list, subscribe consenting new members when the merchant asked for it, then send
 * Entered Segment for every member that was added.
 */
export async function applyKlaviyoUpserts(context: UpsertContext, target: SyncTarget & { remoteRef: string }, upserts: readonly Upsert[]): Promise<OperationOutcome[]> {
  const outcomes: (OperationOutcome | undefined)[] = upserts.map(({ member }) =>
    member.email === null ? { result: 'rejected', status: 400, code: 'no_email', message: 'Klaviyo profiles are keyed by email and this member has none.' } : undefined);
  const withEmail = upserts.flatMap((u, index) => (u.member.email === null ? [] : [{ ...u, index, email: u.member.email }]));
  const remote = await lookupKlaviyoProfiles(context.transport, withEmail.map((u) => u.email));
  const remoteOf = (email: string): RemoteProfile | undefined => remote.get(email.trim().toLowerCase());

  const sendable = withEmail.filter((u) => {
    const reason = remoteOf(u.email)?.suppressions.map((s) => UNDELIVERABLE[s]).find((r) => r !== undefined);
    if (reason) outcomes[u.index] = { result: 'rejected', status: 400, code: `suppressed_${reason}`, message: `Klaviyo reports this address as ${reason}.`, suppress: reason };
    return reason === undefined;
  });
  const imported = await importKlaviyoProfiles(context.transport, context.polling, context.limits, target.remoteRef, sendable.map((u) => importProfile({ ...u.member, email: u.email })));
  const added = sendable.filter((u, i) => {
    const outcome = imported[i];
    outcomes[u.index] = outcome?.result === 'ok' ? { result: 'ok', remoteId: remoteOf(u.email)?.id ?? u.remoteId } : outcome;
    return outcome?.result === 'ok' && u.kind === 'add';
  });

  if (context.subscribeWithConsent) {
    await subscribeKlaviyoProfiles(context.transport, added.filter((u) => u.member.marketingConsent && maySubscribe(remoteOf(u.email))).map((u) => subscriber(u.email, u.member.consentedAt, context.now())));
  }
  const time = new Date(context.now()).toISOString();
  const events = added.map((u): SegmentEvent => ({
    profile: { email: u.email },
    name: 'Entered Segment',
    uniqueId: segmentEventId(target.segmentId, u.member.profileId, u.member.enteredAt, 'enter'),
    properties: { segment_id: target.segmentId, segment_name: target.segmentName },
    time,
  }));
  const sent = await sendSegmentEvents(context.transport, events);
  added.forEach((u, i) => {
    const outcome = sent[i];
    if (outcome && outcome.result !== 'ok') outcomes[u.index] = outcome;
  });
  return outcomes.map((o) => o ?? { result: 'retry', status: 0, code: 'not_sent', message: 'The member was not sent.' });
}

/**
 * The subscribe call clears UNSUBSCRIBE, SPAM_REPORT and USER_SUPPRESSED suppressions, so a shopper who
 * opted out in Klaviyo is never subscribed again by us; one already subscribed needs no call.
 */
function maySubscribe(remote: RemoteProfile | undefined): boolean {
  if (!remote) return true;
  return remote.suppressions.length === 0 && remote.consent !== 'SUBSCRIBED' && remote.consent !== 'UNSUBSCRIBED';
}

/** Klaviyo requires a historical consented_at to lie in the past. */
function subscriber(email: string, consentedAt: number | null, now: number): Subscriber {
  return { email, consentedAt: consentedAt === null ? null : new Date(Math.min(consentedAt, now - 1000)).toISOString() };
}
