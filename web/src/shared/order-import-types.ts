/** GET /api/order-import (docs/api.md): the 60-day order-history import. */
export interface OrderImportStatus {
  status: 'none' | 'pending' | 'running' | 'downloading' | 'done' | 'failed';
  importedOrders: number;
  /** null before the bulk operation reports its size. */
  percent: number | null;
  error: string | null;
  updatedAt?: string;
}

export const importIsRunning = (s: OrderImportStatus) => s.status === 'pending' || s.status === 'running' || s.status === 'downloading';
