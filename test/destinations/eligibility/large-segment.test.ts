import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { destinationPolicy } from '../../../server/destinations/eligibility/destination-policy.js';
import { loadEligibleMembers } from '../../../server/destinations/eligibility/load-eligible-members.js';
import { openEligibilityWorld, T0, type EligibilityWorld } from './eligibility-world.js';

const MEMBERS = 50_000;

/**
 * Size check (no timing asserted; bench/sync.ts measures): a 50,000-member segment loads whole, with
 * every shopper's consent read from their events, and the counts come out exact.
 * Every 10th shopper has no address, every 10th (offset 5) opted out of marketing in their latest event,
 * every 25th address is a role account, every 100th is suppressed.
 */
describe('a 50,000-member segment', () => {
  let w: EligibilityWorld;
  let segmentId: number;
  let destinationId: number;

  beforeAll(() => {
    w = openEligibilityWorld();
    segmentId = w.segment('Everyone');
    const other = w.segment('Half');
    destinationId = w.destination('klaviyo');
    const insert = {
      profile: w.db.prepare('INSERT INTO profiles (id, shop_id, first_seen_at, last_seen_at, created_at) VALUES (?, ?, ?, ?, ?)'),
      email: w.db.prepare("INSERT INTO identifiers (shop_id, kind, value, profile_id, first_seen_at) VALUES (?, 'email', ?, ?, ?)"),
      event: w.db.prepare(`INSERT INTO events (shop_id, event_id, name, occurred_at, received_at, profile_id, device, consent_marketing,
        consent_sale_of_data, gpc, source) VALUES (?, ?, 'Page_Viewed', ?, ?, ?, 'mobile', ?, 1, 0, 'storefront')`),
      traits: w.db.prepare(`INSERT INTO profile_traits (profile_id, shop_id, number_of_orders, amount_spent, rfm_group, computed_at)
        VALUES (?, ?, ?, ?, 'LOYAL', ?)`),
      member: w.db.prepare('INSERT INTO segment_members (segment_id, profile_id, entered_at) VALUES (?, ?, ?)'),
    };
    w.db.transaction(() => {
      for (let id = 1; id <= MEMBERS; id++) {
        insert.profile.run(id, w.shopId, T0, T0, T0);
        if (id % 10 !== 0) insert.email.run(w.shopId, id % 25 === 1 ? `info+${id}@example.com` : `shopper.${id}@example.com`, id, T0);
        insert.event.run(w.shopId, `ev-${id}-a`, T0, T0, id, 1);
        if (id % 10 === 5) insert.event.run(w.shopId, `ev-${id}-b`, T0 + 1000, T0, id, 0);
        insert.traits.run(id, w.shopId, id % 7, id * 1.5, T0);
        insert.member.run(segmentId, id, T0);
        if (id % 2 === 0) insert.member.run(other, id, T0);
      }
    })();
    for (let id = 3; id <= MEMBERS; id += 100) w.queries.suppressions.add(destinationId, `shopper.${id}@example.com`, 'bounced', T0);
  }, 120_000);
  afterAll(() => w.close());

  it('loads every member with exact counts', () => {
    const result = loadEligibleMembers({ queries: w.queries, shopId: w.shopId, segmentId, destinationId, policy: destinationPolicy('klaviyo', { subscribeWithConsent: false }) });
    let noEmail = 0, noConsent = 0, role = 0, suppressed = 0;
    for (let id = 1; id <= MEMBERS; id++) {
      if (id % 10 === 0) noEmail++;
      else if (id % 10 === 5) noConsent++;
      else if (id % 25 === 1) role++;
      else if (id % 100 === 3) suppressed++;
    }
    expect(result.excluded).toEqual({ no_email: noEmail, no_marketing_consent: noConsent, role_account: role, suppressed });
    expect(result.members).toHaveLength(MEMBERS - noEmail - noConsent - role - suppressed);
    expect(result.hints).toEqual({});
    const sample = result.members.find((m) => m.profileId === 42)!;
    expect(sample).toMatchObject({ email: 'shopper.42@example.com', marketingConsent: true });
    expect(sample.properties).toMatchObject({ ss_segments: ['Everyone', 'Half'], ss_orders: 0, ss_amount_spent: 63, ss_rfm_group: 'LOYAL' });
    expect(result.members.find((m) => m.profileId === 43)!.properties.ss_segments).toEqual(['Everyone']);
    expect(new Set(result.members.map((m) => m.propsHash)).size).toBe(result.members.length);
  });

  it('loads a few members of it by id', () => {
    const result = loadEligibleMembers({
      queries: w.queries, shopId: w.shopId, segmentId, destinationId, policy: destinationPolicy('shopify_tags', { tagPrefix: 'ss-' }),
      profileIds: [2, 4, 49_999, 60_000],
    });
    expect(result.members).toEqual([]);
    expect(result.excluded).toEqual({ no_customer_id: 3 });
  });
});
