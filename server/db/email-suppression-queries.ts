import { hash } from 'node:crypto';
import type { SuppressionReason } from '../destinations/destination-client.js';
import type { Db } from './open-database.js';

/** email_suppressions.email_sha256: SHA-256 hex of the trimmed, lower-cased address (the address is never stored). */
export const emailSha256 = (email: string): string => hash('sha256', email.trim().toLowerCase(), 'hex');

export interface EmailSuppressionQueries {
  /** Records that the remote refused this address for good; the first report (and its reason) is kept. True when new. */
  add(destinationId: number, email: string, reason: SuppressionReason, at: number): boolean;
  isSuppressed(destinationId: number, email: string): boolean;
  /** The given addresses (as given) that are suppressed for the destination. */
  suppressedSet(destinationId: number, emails: readonly string[]): Set<string>;
  countByReason(destinationId: number): Partial<Record<SuppressionReason, number>>;
}

export function createEmailSuppressionQueries(db: Db): EmailSuppressionQueries {
  const insert = db.prepare(`INSERT INTO email_suppressions (destination_id, email_sha256, reason, created_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (destination_id, email_sha256) DO NOTHING`);
  const one = db.prepare('SELECT 1 FROM email_suppressions WHERE destination_id = ? AND email_sha256 = ?').pluck();
  // One statement for a whole segment: the hashes go in as a JSON array and each is one primary-key
  // lookup. CROSS JOIN keeps that order: the other way round reads the whole array once per suppression.
  const many = db.prepare(`SELECT DISTINCT s.email_sha256 FROM json_each(?) j
    CROSS JOIN email_suppressions s ON s.destination_id = ? AND s.email_sha256 = j.value`).pluck();
  const counts = db.prepare('SELECT reason, count(*) FROM email_suppressions WHERE destination_id = ? GROUP BY reason').raw();

  return {
    add: (destinationId, email, reason, at) => insert.run(destinationId, emailSha256(email), reason, at).changes === 1,
    isSuppressed: (destinationId, email) => one.get(destinationId, emailSha256(email)) !== undefined,
    suppressedSet(destinationId, emails) {
      if (emails.length === 0) return new Set();
      const hashes = emails.map(emailSha256);
      const hit = new Set(many.all(JSON.stringify(hashes), destinationId) as string[]);
      return new Set(emails.filter((_, i) => hit.has(hashes[i]!)));
    },
    countByReason(destinationId) {
      const out: Partial<Record<SuppressionReason, number>> = {};
      for (const [reason, count] of counts.all(destinationId) as [SuppressionReason, number][]) out[reason] = count;
      return out;
    },
  };
}
