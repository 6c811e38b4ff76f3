/** Deterministic faults: each answers the next `times` matching requests, in the order injected. */
export type FakeKlaviyoFault =
  | { kind: 'status'; path: string | RegExp; method?: string; status: 400 | 429 | 500 | 502 | 503 | 504; times?: number; retryAfterSeconds?: number }
  | { kind: 'timeout'; path: string | RegExp; method?: string; times?: number }
  | { kind: 'bulk-import-400'; indexes: number[] };

type PathFault = Exclude<FakeKlaviyoFault, { kind: 'bulk-import-400' }>;
interface Pending { fault: PathFault; left: number }

export function createFaultQueue() {
  const pending: Pending[] = [];
  const rejectIndexes: number[][] = [];
  return {
    inject(fault: FakeKlaviyoFault): void {
      if (fault.kind === 'bulk-import-400') rejectIndexes.push(fault.indexes);
      else pending.push({ fault, left: fault.times ?? 1 });
    },
    /** The fault that answers this request instead of the fake, if any. */
    take(method: string, path: string): PathFault | undefined {
      const entry = pending.find(({ fault }) =>
        (!fault.method || fault.method === method)
        && (typeof fault.path === 'string' ? fault.path === path : fault.path.test(path)));
      if (!entry) return undefined;
      entry.left -= 1;
      if (entry.left <= 0) pending.splice(pending.indexOf(entry), 1);
      return entry.fault;
    },
    /** Indexes the next bulk import job must reject with a 400 (empty when none was injected). */
    takeRejectIndexes(): number[] {
      return rejectIndexes.shift() ?? [];
    },
  };
}
