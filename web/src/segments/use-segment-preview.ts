import { useEffect, useState } from 'react';
import { AdminApiError, fetchAdminApi } from '../fetch-admin-api.js';
import type { PreviewResult } from './segment-types.js';
import { useDebouncedValue } from './use-debounced-value.js';

export type PreviewState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; result: PreviewResult }
  | { status: 'invalid'; message: string; line: number | null; column: number | null }
  | { status: 'error'; message: string };

const DEBOUNCE_MS = 400;
const SAMPLE_SIZE = 5;

/** The count and a sample of who matches `query`, asked once typing pauses; syntax errors come back with line and column. */
export function useSegmentPreview(query: string): { preview: PreviewState; settled: boolean } {
  const debounced = useDebouncedValue(query.trim(), DEBOUNCE_MS);
  const [preview, setPreview] = useState<PreviewState>({ status: 'idle' });
  useEffect(() => {
    if (!debounced) { setPreview({ status: 'idle' }); return; }
    let current = true;
    setPreview({ status: 'loading' });
    fetchAdminApi<PreviewResult>('/api/segments/preview', { method: 'POST', body: { query: debounced, sampleSize: SAMPLE_SIZE } }).then(
      (result) => current && setPreview({ status: 'ready', result }),
      (err: unknown) => {
        if (!current) return;
        if (err instanceof AdminApiError && err.code === 'invalid_segment_query') {
          const { line, column } = err.details;
          setPreview({ status: 'invalid', message: err.message, line: typeof line === 'number' ? line : null, column: typeof column === 'number' ? column : null });
        } else {
          setPreview({ status: 'error', message: err instanceof Error ? err.message : String(err) });
        }
      },
    );
    return () => { current = false; };
  }, [debounced]);
  return { preview, settled: debounced === query.trim() };
}
