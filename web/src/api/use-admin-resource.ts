import { useCallback, useEffect, useState } from 'react';
import { fetchAdminApi } from '../fetch-admin-api.js';

export type ResourceState<T> =
  | { status: 'loading' }
  | { status: 'ready'; data: T }
  | { status: 'error'; message: string };

/** GETs `path` (null: nothing to load yet) and reloads it when the path changes or `reload` is called. */
export function useAdminResource<T>(path: string | null): { state: ResourceState<T>; reload: () => void } {
  const [state, setState] = useState<ResourceState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let current = true;
    setState((previous) => (previous.status === 'ready' ? previous : { status: 'loading' }));
    fetchAdminApi<T>(path).then(
      (data) => current && setState({ status: 'ready', data }),
      (err: unknown) => current && setState({ status: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
    return () => { current = false; };
  }, [path, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, reload };
}
