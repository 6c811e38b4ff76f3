import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emailSha256 } from '../../../server/db/email-suppression-queries.js';
import { destinationPolicy, type DestinationPolicy } from '../../../server/destinations/eligibility/destination-policy.js';
import { loadEligibleMembers } from '../../../server/destinations/eligibility/load-eligible-members.js';
import { consented, openEligibilityWorld, T0, type EligibilityWorld } from './eligibility-world.js';

const KLAVIYO = destinationPolicy('klaviyo', { subscribeWithConsent: false });
const TAGS = destinationPolicy('shopify_tags', { tagPrefix: 'ss-' });
const WEBHOOK_NO_CONSENT = destinationPolicy('webhook', { url: 'https://example.com/hook', requireMarketingConsent: false });
const DAY = 86_400_000;

describe('loadEligibleMembers', () => {
  let w: EligibilityWorld;
  let segmentId: number;
  let destinationId: number;
  const load = (policy: DestinationPolicy, options: { profileIds?: number[]; destination?: number; segment?: number } = {}) =>
    loadEligibleMembers({
      queries: w.queries, shopId: w.shopId, segmentId: options.segment ?? segmentId,
      destinationId: options.destination ?? destinationId, policy, profileIds: options.profileIds,
    });
  const emails = (policy: DestinationPolicy, options?: Parameters<typeof load>[1]) => load(policy, options).members.map((m) => m.email);

  beforeEach(() => {
    w = openEligibilityWorld();
    segmentId = w.segment('Champions');
    destinationId = w.destination('klaviyo');
  });
  afterEach(() => w.close());

  it('sends consenting shoppers with clean addresses and counts every other one under its first reason', () => {
    const ok = w.shopper({ email: 'ann@example.com', events: [consented()], segments: [segmentId] });
    w.shopper({ events: [consented()], segments: [segmentId] });
    w.shopper({ email: 'gpc@example.com', events: [consented(T0), { marketing: true, saleOfData: true, gpc: true, at: T0 + 1 }], segments: [segmentId] });
    w.shopper({ email: 'optout@example.com', events: [{ marketing: true, saleOfData: false, at: T0 }], segments: [segmentId] });
    w.shopper({ email: 'quiet@example.com', events: [{ marketing: null, saleOfData: true, at: T0 }], segments: [segmentId] });
    w.shopper({ email: 'ann@localhost', events: [consented()], segments: [segmentId] });
    w.shopper({ email: 'ann@mailinator.com', events: [consented()], segments: [segmentId] });
    w.shopper({ email: 'ann@gmial.com', events: [consented()], segments: [segmentId] });
    const typo = w.shopper({ email: 'bob@gmail.co', events: [consented()], segments: [segmentId] });
    w.shopper({ email: 'sales+eu@example.com', events: [consented()], segments: [segmentId] });
    w.shopper({ email: 'bounced@example.com', events: [consented()], segments: [segmentId] });
    w.shopper({ email: 'elsewhere@example.com', events: [consented()], segments: [w.segment('Other')] });
    expect(w.queries.suppressions.add(destinationId, '  Bounced@Example.com ', 'bounced', T0)).toBe(true);

    const result = load(KLAVIYO);
    expect(result.members.map((m) => m.profileId)).toEqual([ok, typo]);
    expect(result.excluded).toEqual({
      no_email: 1, gpc: 1, sale_of_data_opt_out: 1, no_marketing_consent: 1, invalid_syntax: 1, disposable: 2, role_account: 1, suppressed: 1,
    });
    expect(result.hints).toEqual({ possible_typo: 2 });
  });

  it("lets Shopify's consent state beat the storefront flag, both ways", () => {
    const subscribed = w.shopper({
      email: 'sub@example.com', customerId: '1', shopifyConsent: { state: 'subscribed', updatedAt: T0 - DAY },
      events: [{ marketing: false, saleOfData: true, at: T0 }], segments: [segmentId],
    });
    w.shopper({
      email: 'unsub@example.com', customerId: '2', shopifyConsent: { state: 'unsubscribed', updatedAt: T0 - DAY },
      events: [consented()], segments: [segmentId],
    });
    w.shopper({
      email: 'pending@example.com', customerId: '3', shopifyConsent: { state: 'pending', updatedAt: T0 - DAY },
      events: [consented()], segments: [segmentId],
    });
    const result = load(KLAVIYO);
    expect(result.members).toEqual([expect.objectContaining({
      profileId: subscribed, email: 'sub@example.com', customerId: '1', marketingConsent: true, consentedAt: T0 - DAY,
    })]);
    expect(result.excluded).toEqual({ no_marketing_consent: 2 });
  });

  it('counts consent captured with the address, and its latest word: withdrawn consent excludes', () => {
    const captured = w.shopper({ email: 'form@example.com', events: [consented(T0)], segments: [segmentId] });
    w.shopper({ email: 'withdrawn@example.com', events: [consented(T0), { marketing: false, saleOfData: true, at: T0 + DAY }], segments: [segmentId] });
    const regained = w.shopper({
      email: 'regained@example.com',
      events: [{ marketing: false, saleOfData: false, at: T0 }, consented(T0 + DAY), { marketing: null, saleOfData: null, at: T0 + 2 * DAY }],
      segments: [segmentId],
    });
    const result = load(KLAVIYO);
    expect(result.members.map((m) => [m.profileId, m.marketingConsent, m.consentedAt])).toEqual([[captured, true, null], [regained, true, null]]);
    expect(result.excluded).toEqual({ no_marketing_consent: 1 });
  });

  it('excludes GPC from destinations that share data, not from Shopify tags', () => {
    const gpc = w.shopper({ email: 'gpc@example.com', customerId: '10', events: [{ marketing: true, saleOfData: true, gpc: true, at: T0 }], segments: [segmentId] });
    const anonymous = w.shopper({ email: 'anon@example.com', events: [consented()], segments: [segmentId] });
    const plain = w.shopper({ email: 'plain@example.com', customerId: '11', events: [consented()], segments: [segmentId] });

    expect(load(KLAVIYO).excluded).toEqual({ gpc: 1 });
    const webhook = load(WEBHOOK_NO_CONSENT);
    expect(webhook.members.map((m) => m.profileId)).toEqual([anonymous, plain]);
    expect(webhook.excluded).toEqual({ gpc: 1 });

    const tags = load(TAGS);
    expect(tags.members.map((m) => [m.profileId, m.email, m.customerId])).toEqual([[gpc, null, '10'], [plain, null, '11']]);
    expect(tags.excluded).toEqual({ no_customer_id: 1 });
  });

  it('treats GPC as the latest word on sale of data: it outlasts silence, an explicit opt-in later supersedes it', () => {
    const gpc = { marketing: true, saleOfData: true, gpc: true };
    w.shopper({ email: 'gpc@example.com', events: [consented(T0), { ...gpc, at: T0 + 1 }, { marketing: true, saleOfData: null, at: T0 + 2 }], segments: [segmentId] });
    const optedIn = w.shopper({ email: 'back@example.com', events: [{ ...gpc, at: T0 }, consented(T0 + DAY)], segments: [segmentId] });
    w.shopper({ email: 'later@example.com', events: [consented(T0), { ...gpc, at: T0 + DAY }], segments: [segmentId] });
    // Out-of-order arrival: the event time decides, not the order of storage.
    w.shopper({ email: 'late@example.com', events: [{ ...gpc, at: T0 + DAY }, consented(T0)], segments: [segmentId] });
    const result = load(KLAVIYO);
    expect(result.members.map((m) => m.profileId)).toEqual([optedIn]);
    expect(result.excluded).toEqual({ gpc: 3 });
  });

  it('suppresses an address for the destination that reported it only', () => {
    w.shopper({ email: 'ann@example.com', events: [consented()], segments: [segmentId] });
    const other = w.destination('mailchimp');
    w.queries.suppressions.add(destinationId, 'ANN@example.com', 'cleaned', T0);
    expect(w.queries.suppressions.add(destinationId, 'ann@example.com', 'bounced', T0 + 1)).toBe(false);

    expect(load(KLAVIYO).excluded).toEqual({ suppressed: 1 });
    expect(emails(KLAVIYO, { destination: other })).toEqual(['ann@example.com']);
    expect(w.queries.suppressions.countByReason(destinationId)).toEqual({ cleaned: 1 });
    expect(w.queries.suppressions.countByReason(other)).toEqual({});
    expect(w.queries.suppressions.isSuppressed(destinationId, ' ann@EXAMPLE.com')).toBe(true);
    expect(w.queries.suppressions.isSuppressed(other, 'ann@example.com')).toBe(false);
    // Only the hash is stored, never the address.
    expect(w.db.prepare('SELECT email_sha256 FROM email_suppressions').pluck().all()).toEqual([emailSha256('ann@example.com')]);
    expect(emailSha256(' Ann@Example.com ')).toBe('71d4f55f72fa128dfb468a1a3901507c804b74316488744d769d7f4b16696476');
  });

  it('writes the ss_ properties from the traits and the active segments the shopper is in', () => {
    const winBack = w.segment('Win-back');
    const paused = w.segment('Old test', 'paused');
    const ann = w.shopper({
      email: 'ann@example.com', events: [consented()], segments: [segmentId, winBack, paused],
      traits: {
        rfm_group: 'CHAMPIONS', number_of_orders: 5, amount_spent: 512.499999, last_order_at: Date.parse('2026-10-30T12:00:00Z'),
        primary_device: 'MOBILE', checkout_recovery_url: 'https://shop.example/checkouts/c1/recover?key=k', cart_recovery_url: null,
      },
    });
    const [member] = load(KLAVIYO).members;
    expect(member).toEqual({
      profileId: ann, email: 'ann@example.com', customerId: null, marketingConsent: true, consentedAt: null, enteredAt: T0,
      propsHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      properties: {
        ss_segments: ['Champions', 'Win-back'], ss_rfm_group: 'CHAMPIONS', ss_orders: 5, ss_amount_spent: 512.5,
        ss_last_order_at: '2026-10-30T12:00:00.000Z', ss_primary_device: 'MOBILE',
        ss_abandoned_checkout_url: 'https://shop.example/checkouts/c1/recover?key=k', ss_cart_recovery_url: null,
      },
    });
  });

  it('hashes the same inputs the same way and any property change differently', () => {
    const ann = w.shopper({ email: 'ann@example.com', events: [consented()], segments: [segmentId], traits: { amount_spent: 10 } });
    const hashOf = () => load(KLAVIYO).members.find((m) => m.profileId === ann)!.propsHash;
    const first = hashOf();
    // Unrelated changes leave it: another shopper, a new event with the same consent.
    w.shopper({ email: 'bob@example.com', events: [consented()], segments: [segmentId] });
    expect(hashOf()).toBe(first);

    w.setTraits(ann, { amount_spent: 12.5 });
    const afterSpend = hashOf();
    expect(afterSpend).not.toBe(first);

    w.join(w.segment('VIP'), ann);
    const afterSegment = hashOf();
    expect(new Set([first, afterSpend, afterSegment]).size).toBe(3);

    w.setTraits(ann, { amount_spent: 10 });
    w.db.prepare("DELETE FROM segment_members WHERE profile_id = ? AND segment_id <> ?").run(ann, segmentId);
    expect(hashOf()).toBe(first);
  });

  it('reads only the profiles asked for, and only while they are members', () => {
    const a = w.shopper({ email: 'a@example.com', events: [consented()], segments: [segmentId] });
    const b = w.shopper({ email: 'b@example.com', events: [consented()], segments: [segmentId] });
    w.shopper({ email: 'c@example.com', events: [consented()], segments: [segmentId] });
    const outsider = w.shopper({ email: 'd@example.com', events: [consented()], segments: [w.segment('Other')] });
    w.shopper({ email: 'info@example.com', events: [consented()], segments: [segmentId] });

    const result = load(KLAVIYO, { profileIds: [b, outsider, a, 999_999] });
    expect(result.members.map((m) => m.profileId)).toEqual([a, b]);
    expect(result.excluded).toEqual({});
    expect(load(KLAVIYO, { profileIds: [] }).members).toEqual([]);
    expect(load(KLAVIYO).members.map((m) => m.properties.ss_segments)).toEqual([['Champions'], ['Champions'], ['Champions']]);
  });

  it("never reads another shop's segment, and skips members whose profile is gone", () => {
    const a = w.shopper({ email: 'a@example.com', events: [consented()], segments: [segmentId] });
    w.join(segmentId, 424_242);
    expect(load(KLAVIYO).members.map((m) => m.profileId)).toEqual([a]);
    expect(loadEligibleMembers({ queries: w.queries, shopId: w.shopId + 1, segmentId, destinationId, policy: KLAVIYO }).members).toEqual([]);
  });
});

describe('contactsOf', () => {
  let w: EligibilityWorld;
  beforeEach(() => { w = openEligibilityWorld(); });
  afterEach(() => w.close());

  it('gives the address and customer id of each profile, and nulls once redacted or unknown', () => {
    const segmentId = w.segment('Champions');
    const ann = w.shopper({ email: 'ann@example.com', customerId: '77', segments: [segmentId] });
    const bob = w.shopper({ email: 'bob@example.com', segments: [] });
    const redacted = w.shopper({ email: 'gone@example.com', customerId: '78', segments: [] });
    const stripped = w.shopper({ email: 'stripped@example.com', customerId: '79', segments: [] });
    // A redaction deletes the identity rows (compliance-queries.ts); an anonymized profile keeps no address.
    w.db.prepare('DELETE FROM identifiers WHERE profile_id = ?').run(redacted);
    w.db.prepare('DELETE FROM profiles WHERE id = ?').run(redacted);
    w.db.prepare("DELETE FROM identifiers WHERE profile_id = ? AND kind = 'email'").run(stripped);

    const contacts = w.queries.members.contactsOf(w.shopId, [ann, bob, redacted, stripped, 555_555]);
    expect([...contacts.entries()].sort((x, y) => x[0] - y[0])).toEqual([
      [ann, { email: 'ann@example.com', customerId: '77' }],
      [bob, { email: 'bob@example.com', customerId: null }],
      [redacted, { email: null, customerId: null }],
      [stripped, { email: null, customerId: '79' }],
      [555_555, { email: null, customerId: null }],
    ].sort((x, y) => (x[0] as number) - (y[0] as number)));
    expect(w.queries.members.contactsOf(w.shopId + 1, [ann]).get(ann)).toEqual({ email: null, customerId: null });
    expect(w.queries.members.contactsOf(w.shopId, []).size).toBe(0);
  });

  it('takes the address seen most recently when a profile has several', () => {
    const ann = w.shopper({ email: 'old@example.com', segments: [] });
    w.db.prepare("INSERT INTO identifiers (shop_id, kind, value, profile_id, first_seen_at) VALUES (?, 'email', 'new@example.com', ?, ?)").run(w.shopId, ann, T0 + DAY);
    expect(w.queries.members.contactsOf(w.shopId, [ann]).get(ann)).toEqual({ email: 'new@example.com', customerId: null });
  });
});
