import type { EligibilityCandidate } from '../destinations/eligibility/decide-eligibility.js';
import type { SyncPropertyFacts } from '../destinations/eligibility/build-sync-properties.js';
import type { Db } from './open-database.js';

/** A member of a segment with everything the consent gate, email hygiene and the `ss_` properties read. */
export interface MemberCandidate extends EligibilityCandidate {
  profileId: number;
  enteredAt: number;
  facts: SyncPropertyFacts;
}

/** How to reach a profile on a remote; null fields once the profile is redacted or merged away. */
export interface MemberContact {
  email: string | null;
  customerId: string | null;
}

export interface DestinationMemberQueries {
  /** Current members of a segment of the shop (among `profileIds` when given), by profile id. */
  candidates(shopId: number, segmentId: number, profileIds?: readonly number[]): MemberCandidate[];
  /** The segment's member ids, ascending (to load candidates in chunks). */
  memberIds(segmentId: number): number[];
  /** Address and customer id of each profile asked for (every id is in the map), for removes of non-members. */
  contactsOf(shopId: number, profileIds: readonly number[]): Map<number, MemberContact>;
}

// The profile's address: its email identifier seen most recently (several can join one profile).
const EMAIL_OF = (profile: string) => `(SELECT i.value FROM identifiers i WHERE i.profile_id = ${profile} AND i.kind = 'email'
  ORDER BY i.first_seen_at DESC, i.value LIMIT 1)`;

// Consent is recorded on events, never on the profile: the latest event that says something decides, for
// marketing and for sale of data separately (a shopper can change their mind). A GPC signal is stored as a
// sale-of-data opt-out with gpc = 1 (docs/events.md), so the shopper counts as GPC while that opt-out is
// their latest word on sale of data; a later explicit opt-in on the banner supersedes it, as the CCPA
// lets a consumer opt back in. The index events_profile_time walks a profile's events newest first and
// the storefront sends consent with every event, so each lookup usually reads one row. (Reading "any GPC
// event ever" would read every event of every member: 1 s for 50,000 members of 20 events each.)
const LATEST_EVENT_WITH = (column: string) => `(SELECT e.id FROM events e WHERE e.profile_id = m.profile_id AND e.${column} IS NOT NULL
  ORDER BY e.occurred_at DESC, e.id DESC LIMIT 1)`;

const CANDIDATE_COLUMNS = `m.profile_id, m.entered_at, p.customer_id, ${EMAIL_OF('m.profile_id')},
  c.email_consent_state, c.email_consent_updated_at, mk.consent_marketing, sd.consent_sale_of_data, sd.gpc,
  t.rfm_group, t.number_of_orders, t.amount_spent, t.last_order_at, t.primary_device, t.checkout_recovery_url, t.cart_recovery_url`;

// Members first (CROSS JOIN keeps SQLite from starting at the shop's profiles). The customer record by
// profile (newest if history left two), else by the profile's customer id (a record written before the
// profile existed has no profile id).
const CANDIDATE_FROM = `FROM segment_members m
  CROSS JOIN profiles p ON p.id = m.profile_id AND p.shop_id = @shopId
  LEFT JOIN profile_traits t ON t.profile_id = m.profile_id
  LEFT JOIN customers c ON c.shop_id = @shopId AND c.customer_id = coalesce(
    (SELECT c2.customer_id FROM customers c2 WHERE c2.profile_id = m.profile_id ORDER BY c2.updated_at DESC LIMIT 1), p.customer_id)
  LEFT JOIN events mk ON mk.id = ${LATEST_EVENT_WITH('consent_marketing')}
  LEFT JOIN events sd ON sd.id = ${LATEST_EVENT_WITH('consent_sale_of_data')}`;

// Active segments of the shop that the segment's members are in, for ss_segments.
const NAMES = `SELECT o.profile_id, s.name FROM segment_members m
  JOIN segment_members o ON o.profile_id = m.profile_id
  JOIN segments s ON s.id = o.segment_id AND s.shop_id = @shopId AND s.status = 'active'
  WHERE m.segment_id = @segmentId`;

type CandidateRow = [number, number, string | null, string | null, string | null, number | null, number | null, number | null, number | null,
  string | null, number | null, number | null, number | null, string | null, string | null, string | null];

export function createDestinationMemberQueries(db: Db): DestinationMemberQueries {
  const all = db.prepare(`SELECT ${CANDIDATE_COLUMNS} ${CANDIDATE_FROM} WHERE m.segment_id = @segmentId ORDER BY m.profile_id`).raw();
  const among = db.prepare(`SELECT ${CANDIDATE_COLUMNS} ${CANDIDATE_FROM}
    WHERE m.segment_id = @segmentId AND m.profile_id IN (SELECT value FROM json_each(@ids)) ORDER BY m.profile_id`).raw();
  const namesAll = db.prepare(NAMES).raw();
  const memberIds = db.prepare('SELECT profile_id FROM segment_members WHERE segment_id = ? ORDER BY profile_id').pluck();
  const namesAmong = db.prepare(`${NAMES} AND m.profile_id IN (SELECT value FROM json_each(@ids))`).raw();
  const contacts = db.prepare(`SELECT j.value, p.customer_id, CASE WHEN p.id IS NOT NULL THEN ${EMAIL_OF('p.id')} END
    FROM json_each(?) j LEFT JOIN profiles p ON p.id = j.value AND p.shop_id = ?`).raw();

  return {
    candidates(shopId, segmentId, profileIds) {
      const params = { shopId, segmentId, ids: profileIds === undefined ? null : JSON.stringify(profileIds) };
      const filtered = params.ids !== null;
      const rows = (filtered ? among.all(params) : all.all({ shopId, segmentId })) as CandidateRow[];
      const names = new Map<number, string[]>();
      for (const [profileId, name] of (filtered ? namesAmong.all(params) : namesAll.all({ shopId, segmentId })) as [number, string][]) {
        const list = names.get(profileId);
        if (list) list.push(name);
        else names.set(profileId, [name]);
      }
      return rows.map((r) => ({
        profileId: r[0], enteredAt: r[1], customerId: r[2], email: r[3],
        shopifyConsentState: r[4], shopifyConsentUpdatedAt: r[5],
        storefrontMarketing: r[6] === null ? null : r[6] === 1,
        saleOfData: r[7] === null ? null : r[7] === 1,
        gpc: r[8] === 1,
        facts: {
          segmentNames: names.get(r[0]) ?? [],
          rfmGroup: r[9], numberOfOrders: r[10], amountSpent: r[11], lastOrderAt: r[12], primaryDevice: r[13],
          checkoutRecoveryUrl: r[14], cartRecoveryUrl: r[15],
        },
      }));
    },
    memberIds: (segmentId) => memberIds.all(segmentId) as number[],
    contactsOf(shopId, profileIds) {
      const out = new Map<number, MemberContact>();
      for (const [id, customerId, email] of contacts.all(JSON.stringify(profileIds), shopId) as [number, string | null, string | null][]) {
        out.set(id, { email, customerId });
      }
      return out;
    },
  };
}
