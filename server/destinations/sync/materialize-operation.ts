import type { MemberContact } from '../../db/destination-member-queries.js';
import type { OutboxRow, SyncedMemberRow } from '../../db/sync-queries.js';
import type { SyncMember, SyncOperation } from '../destination-client.js';

/** What a run knows of a link's members: eligible now (from the plan) and held by the remote. */
export interface LinkMembers {
  members: Map<number, SyncMember>;
  synced: Map<number, SyncedMemberRow>;
}

/**
 * The operation an outbox row stands for, with the member's data as of this run (no address is stored
 * in the outbox); removes take the address from `contacts` (null once redacted). Null when the row no
 * longer applies (its member is not in this run's eligible set).
 */
export function materializeOperation(row: OutboxRow, link: LinkMembers, contacts: ReadonlyMap<number, MemberContact>): SyncOperation | null {
  if (row.op === 'remove') {
    const contact = contacts.get(row.profileId);
    return {
      op: 'remove', profileId: row.profileId, email: contact?.email ?? null, customerId: contact?.customerId ?? null,
      remoteId: link.synced.get(row.profileId)?.remoteId ?? null, enteredAt: row.enteredAt,
    };
  }
  const member = link.members.get(row.profileId);
  if (!member) return null;
  return row.op === 'add' ? { op: 'add', member } : { op: 'update', member, remoteId: link.synced.get(row.profileId)?.remoteId ?? null };
}
