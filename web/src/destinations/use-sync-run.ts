import { useCallback, useEffect, useRef, useState } from 'react';
import type { SyncRunView } from '../../../server/admin-api/admin-api-types.js';
import { getSyncRun, syncDestination } from './destination-api.js';
import { isRunActive } from './destination-labels.js';

const POLL_MS = 1000;

export interface SyncRunState {
  /** The newest run known: the one started here, or the destination's last run from the list. */
  run: SyncRunView | null;
  starting: boolean;
  /** Why the run could not be started or followed, for a banner. */
  error: string | null;
  start: () => void;
  dismissError: () => void;
}

/**
 * "Sync now" and its progress: POST starts (or joins) the destination's run, then GET /api/sync-runs/:id
 * every second until it finishes, then `onFinished` (the caller reloads its counts). A run already going
 * when the page opened (a membership change) is followed the same way.
 */
export function useSyncRun(destinationId: number, lastRun: SyncRunView | null, onFinished: () => void): SyncRunState {
  const [tracked, setTracked] = useState<SyncRunView | null>(null);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pollAttempt, setPollAttempt] = useState(0);
  const finished = useRef(onFinished);
  finished.current = onFinished;

  // The parent's reload brings the same run back, or a newer one (the next membership-triggered run).
  const run = tracked && (!lastRun || tracked.id >= lastRun.id) ? tracked : lastRun;
  const activeId = isRunActive(run) ? run.id : null;

  useEffect(() => {
    if (activeId === null) return;
    let live = true;
    const timer = window.setTimeout(() => {
      getSyncRun(activeId).then(
        (next) => {
          if (!live) return;
          setTracked(next);
          setError(null);
          if (!isRunActive(next)) finished.current();
          else setPollAttempt((n) => n + 1);
        },
        (err: unknown) => {
          if (!live) return;
          setError(`The sync's progress could not be read: ${err instanceof Error ? err.message : String(err)} Trying again.`);
          setPollAttempt((n) => n + 1);
        },
      );
    }, POLL_MS);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [activeId, pollAttempt]);

  const start = useCallback(() => {
    setStarting(true);
    setError(null);
    syncDestination(destinationId).then(
      (next) => {
        setTracked(next);
        setStarting(false);
        if (!isRunActive(next)) finished.current();
      },
      (err: unknown) => {
        setStarting(false);
        setError(err instanceof Error ? err.message : String(err));
      },
    );
  }, [destinationId]);

  return { run, starting, error, start, dismissError: useCallback(() => setError(null), []) };
}
