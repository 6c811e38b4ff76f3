import { useCallback, useEffect, useState } from 'react';
import type { Overview } from '../../server/admin-api/build-overview.js';
import { fetchAdminApi } from './fetch-admin-api.js';

export type OverviewState =
  | { status: 'loading' }
  | { status: 'ready'; overview: Overview }
  | { status: 'error'; message: string };

/** Loads GET /api/overview; `retry` loads it again. */
export function useOverview(hours: number): { state: OverviewState; retry: () => void } {
  const [state, setState] = useState<OverviewState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    fetchAdminApi<Overview>(`/api/overview?hours=${hours}`).then(
      (overview) => current && setState({ status: 'ready', overview }),
      (err: unknown) => current && setState({ status: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      current = false;
    };
  }, [hours, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, retry };
}
