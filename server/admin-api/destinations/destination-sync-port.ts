import type { SyncRunView } from '../admin-api-types.js';

/**
 * What the API needs of the sync engine (server/destinations/sync/, DestinationSync): queue a run, check
 * credentials, read a run. Declared here by shape so the router depends on these three calls only.
 */
export interface DestinationSyncPort {
  requestRun(shopId: number, destinationId: number, trigger: 'manual' | 'membership' | 'schedule'): SyncRunView;
  testCredentials(shopId: number, destinationId: number): Promise<{ ok: true } | { ok: false; status: number; code: string; message: string }>;
  getRun(shopId: number, runId: number): SyncRunView | null;
}
