import { useEffect } from 'react';

/** Calls `reload` every `intervalMs` while `active` (a running import or recompute), and stops after. */
export function usePollWhile(active: boolean, reload: () => void, intervalMs = 1500): void {
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(reload, intervalMs);
    return () => window.clearInterval(timer);
  }, [active, reload, intervalMs]);
}
