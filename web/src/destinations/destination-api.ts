import type { DestinationLinkView, DestinationView, SyncRunView } from '../../../server/admin-api/admin-api-types.js';
import { fetchAdminApi } from '../fetch-admin-api.js';

/** The destination routes the admin calls (docs/api.md, "Destinations"). GETs go through useAdminResource. */

export interface DestinationInput {
  kind?: DestinationView['kind'];
  name?: string;
  settings?: Record<string, unknown>;
  credentials?: Record<string, unknown>;
  status?: 'active' | 'paused';
}

/** POST and PATCH answers: a webhook's generated signing secret comes with them this once only. */
export type SavedDestination = DestinationView & { signingSecret?: string };

export type TestResult = { ok: true } | { ok: false; status?: number; code: string; message: string };

export const createDestination = (body: DestinationInput) => fetchAdminApi<SavedDestination>('/api/destinations', { method: 'POST', body });

export const updateDestination = (id: number, body: DestinationInput) => fetchAdminApi<SavedDestination>(`/api/destinations/${id}`, { method: 'PATCH', body });

export const deleteDestination = (id: number) => fetchAdminApi<void>(`/api/destinations/${id}`, { method: 'DELETE' });

export const testDestination = (id: number) => fetchAdminApi<TestResult>(`/api/destinations/${id}/test`, { method: 'POST' });

export const syncDestination = (id: number) => fetchAdminApi<SyncRunView>(`/api/destinations/${id}/sync`, { method: 'POST' });

export const getSyncRun = (runId: number) => fetchAdminApi<SyncRunView>(`/api/sync-runs/${runId}`);

export const linkSegment = (destinationId: number, segmentId: number) =>
  fetchAdminApi<DestinationLinkView>(`/api/destinations/${destinationId}/links`, { method: 'POST', body: { segmentId } });

export const unlinkSegment = (destinationId: number, segmentId: number) =>
  fetchAdminApi<void>(`/api/destinations/${destinationId}/links/${segmentId}`, { method: 'DELETE' });
