/**
 * Lets the bulk_operations/finish webhook cut short the import's wait between two polls of
 * currentBulkOperation. In-process only: after a restart, resumeOrderHistoryImports polls anyway.
 */
const waiting = new Map<string, Set<() => void>>();

/** Waits `ms` (with the given sleep) or until wakeBulkOperation(id), whichever comes first. */
export async function waitForBulkOperation(id: string, ms: number, sleep: (ms: number) => Promise<void>): Promise<void> {
  let wake!: () => void;
  const woken = new Promise<void>((resolve) => { wake = resolve; });
  const set = waiting.get(id) ?? new Set();
  set.add(wake);
  waiting.set(id, set);
  try {
    await Promise.race([sleep(ms), woken]);
  } finally {
    set.delete(wake);
    if (set.size === 0) waiting.delete(id);
  }
}

export function wakeBulkOperation(id: string): void {
  for (const wake of waiting.get(id) ?? []) wake();
}
