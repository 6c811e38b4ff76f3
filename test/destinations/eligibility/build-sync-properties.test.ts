import { describe, expect, it } from 'vitest';
import type { SyncMember } from '../../../server/destinations/destination-client.js';
import { buildSyncProperties, type SyncPropertyFacts } from '../../../server/destinations/eligibility/build-sync-properties.js';
import { hashSyncMember } from '../../../server/destinations/eligibility/hash-sync-member.js';

const FACTS: SyncPropertyFacts = {
  segmentNames: ['Win-back', 'Champions', 'Cart abandoners', 'Champions'],
  rfmGroup: 'CHAMPIONS', numberOfOrders: 4, amountSpent: 412.3000000001, lastOrderAt: Date.parse('2026-10-30T12:00:00Z'),
  primaryDevice: 'MOBILE', checkoutRecoveryUrl: 'https://shop.example/checkouts/abc/recover?key=k', cartRecoveryUrl: 'https://shop.example/cart/1:2',
};

describe('buildSyncProperties', () => {
  it('writes only ss_ keys, in canonical form', () => {
    const properties = buildSyncProperties(FACTS);
    expect(properties).toEqual({
      ss_segments: ['Cart abandoners', 'Champions', 'Win-back'],
      ss_rfm_group: 'CHAMPIONS',
      ss_orders: 4,
      ss_amount_spent: 412.3,
      ss_last_order_at: '2026-10-30T12:00:00.000Z',
      ss_primary_device: 'MOBILE',
      ss_abandoned_checkout_url: 'https://shop.example/checkouts/abc/recover?key=k',
      ss_cart_recovery_url: 'https://shop.example/cart/1:2',
    });
    expect(Object.keys(properties).every((k) => k.startsWith('ss_'))).toBe(true);
  });

  it('keeps unknown values null', () => {
    expect(buildSyncProperties({
      segmentNames: [], rfmGroup: null, numberOfOrders: null, amountSpent: null, lastOrderAt: null, primaryDevice: null,
      checkoutRecoveryUrl: null, cartRecoveryUrl: null,
    })).toEqual({
      ss_segments: [], ss_rfm_group: null, ss_orders: null, ss_amount_spent: null, ss_last_order_at: null, ss_primary_device: null,
      ss_abandoned_checkout_url: null, ss_cart_recovery_url: null,
    });
  });
});

describe('hashSyncMember', () => {
  const member: SyncMember = {
    profileId: 7, email: 'ann@example.com', customerId: '1001', properties: buildSyncProperties(FACTS),
    marketingConsent: true, consentedAt: 1, enteredAt: 2,
  };

  it('is a SHA-256 hex that depends on content, not on key or segment order', () => {
    const hash = hashSyncMember(member);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const reordered = Object.fromEntries(Object.entries(member.properties).reverse()) as SyncMember['properties'];
    expect(hashSyncMember({ ...member, properties: reordered })).toBe(hash);
    expect(hashSyncMember({ ...member, properties: buildSyncProperties({ ...FACTS, segmentNames: [...FACTS.segmentNames].reverse() }) })).toBe(hash);
  });

  it('ignores what is not remote state (profile id, entry time, consent time)', () => {
    expect(hashSyncMember({ ...member, profileId: 8, enteredAt: 3, consentedAt: null } as SyncMember)).toBe(hashSyncMember(member));
  });

  it('changes with the address, the customer id, any property and the consent', () => {
    const hash = hashSyncMember(member);
    const variants = [
      { ...member, email: 'ann@example.org' },
      { ...member, customerId: null },
      { ...member, marketingConsent: false },
      { ...member, properties: buildSyncProperties({ ...FACTS, amountSpent: 412.31 }) },
      { ...member, properties: buildSyncProperties({ ...FACTS, segmentNames: ['Champions'] }) },
      { ...member, properties: buildSyncProperties({ ...FACTS, cartRecoveryUrl: null }) },
    ];
    const hashes = new Set(variants.map(hashSyncMember));
    expect(hashes.size).toBe(variants.length);
    expect(hashes.has(hash)).toBe(false);
  });
});
