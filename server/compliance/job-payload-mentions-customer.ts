import type { CustomerSubject } from '../db/compliance-queries.js';

/**
 * Pure: whether a queued webhook payload (raw JSON text, as Shopify sent it) is about the customer: their
 * id as a whole number or in a gid (`"customer_id": 191167`, `"id": 191167`, `gid://shopify/Customer/191167`),
 * or one of their normalized emails as a JSON string value, in any case. Matching the text rather than
 * parsed fields covers every topic's shape, and keeps ids above 2^53 exact; a rare false match only
 * drops work for another customer's payload, the safe side for a redaction.
 */
export function jobPayloadMentionsCustomer(payload: string, subject: Pick<CustomerSubject, 'customerId' | 'emails'>): boolean {
  if (/^\d+$/.test(subject.customerId) && new RegExp(`(?<![\\w.])${subject.customerId}(?![\\w.])`).test(payload)) return true;
  const lower = payload.toLowerCase();
  return subject.emails.some((email) => email !== '' && lower.includes(JSON.stringify(email.toLowerCase())));
}
