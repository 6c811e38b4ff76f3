import { hash } from 'node:crypto';
import type { SyncMember } from '../destination-client.js';

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

// Keys sorted at every level: the hash must not depend on the order an object was built in.
function canonicalJson(value: Json): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v: Json) => canonicalJson(v)).join(',')}]`;
  const object = value as { readonly [key: string]: Json };
  return `{${Object.keys(object).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(object[k]!)}`).join(',')}}`;
}

/**
 * props_hash of destination_members and the outbox: SHA-256 hex of what the remote holds for a member
 * (address, customer id, `ss_` properties, consent). A member whose hash is unchanged gets no update.
 * profileId, enteredAt and consentedAt are left out: they are not remote state that an update would fix.
 */
export function hashSyncMember(member: Pick<SyncMember, 'email' | 'customerId' | 'properties' | 'marketingConsent'>): string {
  const canonical = canonicalJson({
    email: member.email,
    customerId: member.customerId,
    properties: member.properties as { readonly [key: string]: Json },
    marketingConsent: member.marketingConsent,
  });
  return hash('sha256', canonical, 'hex');
}
