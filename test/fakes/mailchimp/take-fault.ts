import type { FakeFault, FakeMailchimpState } from './fake-mailchimp-state.js';

/** Faults match a path exactly, or every path under a prefix ending in `*`; the oldest matching fault wins. */
export function takeFault(state: FakeMailchimpState, path: string): FakeFault | undefined {
  const index = state.faults.findIndex((f) => (f.path.endsWith('*') ? path.startsWith(f.path.slice(0, -1)) : f.path === path));
  if (index < 0) return undefined;
  const fault = state.faults[index];
  if (!fault) return undefined;
  fault.remaining -= 1;
  if (fault.remaining <= 0) state.faults.splice(index, 1);
  return fault;
}
