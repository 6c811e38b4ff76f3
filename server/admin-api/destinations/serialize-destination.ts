import type { DestinationLinkRow, DestinationRow, SyncRunRow } from '../../db/destination-queries.js';
import type { DestinationLinkView, DestinationView, SegmentDestinationView, SyncRunView } from '../admin-api-types.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const counts = (text: string): Record<string, number> => {
  const value = JSON.parse(text) as unknown;
  return typeof value === 'object' && value !== null ? value as Record<string, number> : {};
};

export function serializeSyncRun(row: SyncRunRow): SyncRunView {
  return {
    id: row.id, destinationId: row.destinationId, trigger: row.trigger, status: row.status,
    createdAt: new Date(row.createdAt).toISOString(), startedAt: iso(row.startedAt), finishedAt: iso(row.finishedAt),
    total: row.total, done: row.done, added: row.added, removed: row.removed, updated: row.updated, failed: row.failed,
    excluded: counts(row.excluded), hints: counts(row.hints),
    error: row.errorCode === null ? null : { code: row.errorCode, message: row.errorMessage ?? '' },
  };
}

export const serializeLink = (row: DestinationLinkRow): DestinationLinkView => ({
  segmentId: row.segmentId, segmentName: row.segmentName, remoteRef: row.remoteRef,
  syncedMembers: row.syncedMembers, deadOperations: row.deadOperations,
});

const pausedOf = (row: DestinationRow) =>
  row.status === 'paused' ? { reason: row.pausedReason ?? 'merchant', message: row.pausedMessage } : null;

/** A destination as the API shows it: settings yes, credentials never (only whether some are stored). */
export function serializeDestination(row: DestinationRow, links: readonly DestinationLinkRow[], lastRun: SyncRunRow | undefined): DestinationView {
  return {
    id: row.id, kind: row.kind, name: row.name,
    settings: JSON.parse(row.settings) as Record<string, unknown>,
    credentialsSet: row.credentialsSealed !== null,
    status: row.status,
    paused: pausedOf(row),
    links: links.map(serializeLink),
    lastRun: lastRun === undefined ? null : serializeSyncRun(lastRun),
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

export const serializeSegmentDestination = (destination: DestinationRow, link: DestinationLinkRow, lastRun: SyncRunRow | undefined): SegmentDestinationView => ({
  destination: { id: destination.id, kind: destination.kind, name: destination.name, status: destination.status, paused: pausedOf(destination) },
  link: serializeLink(link),
  lastRun: lastRun === undefined ? null : serializeSyncRun(lastRun),
});
