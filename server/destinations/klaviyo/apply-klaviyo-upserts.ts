import type { OperationOutcome, SyncMember, SyncTarget } from '../destination-client.js';
import type { KlaviyoTransport } from './klaviyo-transport.js';
import { importProfile, segmentEventId, type Subscriber } from './klaviyo-bodies.js';
import { importKlaviyoProfiles, type ImportLimits, type JobPolling } from './import-klaviyo-profiles.js';
import { lookupKlaviyoProfiles, type RemoteProfile } from './lookup-klaviyo-profiles.js';
import { createSegmentEventPool, type SegmentEventPool } from './create-segment-event-pool.js';
import { subscribeKlaviyoProfiles } from './subscribe-klaviyo-profiles.js';

export interface Upsert { kind: 'add' | 'update'; member: SyncMember; remoteId: string | null }

export interface UpsertContext {
  transport: KlaviyoTransport;
  polling: JobPolling;
  limits: ImportLimits;
  subscribeWithConsent: boolean;
  now: () => number;
  /** Members per pipelined group (create-klaviyo-client.ts: what one second of L-tier look-ups covers). */
  groupSize: number;
  /** A smaller first group, so the first import (and the M tier) starts after a few look-ups, not a second of them. */
  firstGroupSize?: number;
}

type Target = SyncTarget & { remoteRef: string };
type Pending = Upsert & { index: number; email: string };

/** Global suppressions that mean the address cannot receive mail: the member is refused for good. */
const UNDELIVERABLE: Readonly<Record<string, 'bounced' | 'invalid'>> = { HARD_BOUNCE: 'bounced', INVALID_EMAIL: 'invalid' };

/**
 * Adds and property updates for one list: look the addresses up (ids, bounces, consent), import the
 * rest into the list, subscribe consenting new members when the merchant asked for it, then send
 * Entered Segment for every member that was added.
 *
 * The members go through in groups that overlap: look-ups run group after group (so the first group
 * gets the L tier's burst whole), and each group imports, polls its job and queues its events as soon
 * as its own look-ups are back, while the next group is still being looked up. Outcomes are written by
 * index, so groups may finish in any order. A whole-call failure in any group fails the apply, as one
 * sequential pass would, but only once every group has stopped: nothing of this call runs after it.
 */
export async function applyKlaviyoUpserts(context: UpsertContext, target: Target, upserts: readonly Upsert[]): Promise<OperationOutcome[]> {
  const outcomes: (OperationOutcome | undefined)[] = upserts.map(({ member }) =>
    member.email === null ? { result: 'rejected', status: 400, code: 'no_email', message: 'Klaviyo profiles are keyed by email and this member has none.' } : undefined);
  const withEmail: Pending[] = upserts.flatMap((u, index) => (u.member.email === null ? [] : [{ ...u, index, email: u.member.email }]));
  const events = createSegmentEventPool(context.transport);
  const state = { failed: false };

  let lookedUp: Promise<unknown> = Promise.resolve();
  const first = Math.min(context.firstGroupSize ?? context.groupSize, context.groupSize);
  const groups = [withEmail.slice(0, first), ...slices(withEmail.slice(first), context.groupSize)].filter((g) => g.length > 0).map((group) => {
    const remote = lookedUp.then(() => (state.failed ? null : lookupKlaviyoProfiles(context.transport, group.map((u) => u.email))));
    // A failed look-up stops the groups behind it before they send anything.
    lookedUp = remote.catch(() => { state.failed = true; });
    return remote
      .then((found) => (found === null ? undefined : upsertGroup(context, target, group, found, { outcomes, events, state })))
      .catch((err: unknown) => {
        state.failed = true;
        throw err;
      });
  });
  const settled = await Promise.allSettled(groups);
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  const closed = await Promise.allSettled([events.close(!failure)]);
  if (failure) throw failure.reason;
  if (closed[0]?.status === 'rejected') throw closed[0].reason;
  return outcomes.map((o) => o ?? { result: 'retry', status: 0, code: 'not_sent', message: 'The member was not sent.' });
}

interface Shared {
  outcomes: (OperationOutcome | undefined)[];
  events: SegmentEventPool;
  /** Set once any group failed: the others skip what is left, the call fails anyway. */
  state: { failed: boolean };
}

async function upsertGroup(context: UpsertContext, target: Target, group: readonly Pending[], remote: Map<string, RemoteProfile>, shared: Shared): Promise<void> {
  const { outcomes } = shared;
  const remoteOf = (email: string): RemoteProfile | undefined => remote.get(email.trim().toLowerCase());
  const sendable = group.filter((u) => {
    const reason = remoteOf(u.email)?.suppressions.map((s) => UNDELIVERABLE[s]).find((r) => r !== undefined);
    if (reason) outcomes[u.index] = { result: 'rejected', status: 400, code: `suppressed_${reason}`, message: `Klaviyo reports this address as ${reason}.`, suppress: reason };
    return reason === undefined;
  });
  if (sendable.length === 0) return;
  const imported = await importKlaviyoProfiles(context.transport, context.polling, context.limits, target.remoteRef, sendable.map((u) => importProfile({ ...u.member, email: u.email })));
  const added = sendable.filter((u, i) => {
    const outcome = imported[i];
    outcomes[u.index] = outcome?.result === 'ok' ? { result: 'ok', remoteId: remoteOf(u.email)?.id ?? u.remoteId } : outcome;
    return outcome?.result === 'ok' && u.kind === 'add';
  });
  if (shared.state.failed || added.length === 0) return;

  if (context.subscribeWithConsent) {
    await subscribeKlaviyoProfiles(context.transport, added.filter((u) => u.member.marketingConsent && maySubscribe(remoteOf(u.email))).map((u) => subscriber(u.email, u.member.consentedAt, context.now())));
  }
  const time = new Date(context.now()).toISOString();
  shared.events.add(added.map((u) => ({
    event: {
      profile: { email: u.email },
      name: 'Entered Segment',
      uniqueId: segmentEventId(target.segmentId, u.member.profileId, u.member.enteredAt, 'enter'),
      properties: { segment_id: target.segmentId, segment_name: target.segmentName },
      time,
    },
    settle: (outcome) => { if (outcome.result !== 'ok') outcomes[u.index] = outcome; },
  })));
}

function slices<T>(items: readonly T[], size: number): T[][] {
  const step = Math.max(1, Math.floor(size));
  return Array.from({ length: Math.ceil(items.length / step) }, (_, i) => items.slice(i * step, (i + 1) * step));
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
