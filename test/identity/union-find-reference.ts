import { normalizeIdentifiers } from '../../server/identity/normalize-identifiers.js';
import type { Identifier } from '../../server/identity/identifier.js';

export interface StreamEvent {
  id: string;
  at: number;
  identifiers: Identifier[];
}

export interface ReferenceComponent {
  /** Sorted "kind:value" strings. */
  identifiers: string[];
  events: number;
  firstSeenAt: number;
  lastSeenAt: number;
  customers: string[];
}

const key = (i: Identifier) => `${i.kind}:${i.value}`;

/** The textbook answer, in memory: connected components of "appeared in the same event". */
export function referenceComponents(events: readonly StreamEvent[]): ReferenceComponent[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  const normalized = events.map((e) => normalizeIdentifiers(e.identifiers).map(key));
  for (const keys of normalized) {
    for (const k of keys) if (!parent.has(k)) parent.set(k, k);
    for (const k of keys.slice(1)) parent.set(find(k), find(keys[0]!));
  }
  const byRoot = new Map<string, ReferenceComponent>();
  for (const k of parent.keys()) {
    const root = find(k);
    const c = byRoot.get(root) ?? { identifiers: [], events: 0, firstSeenAt: Infinity, lastSeenAt: -Infinity, customers: [] };
    c.identifiers.push(k);
    if (k.startsWith('customer:')) c.customers.push(k.slice('customer:'.length));
    byRoot.set(root, c);
  }
  events.forEach((e, i) => {
    const first = normalized[i]![0];
    if (first === undefined) return;
    const c = byRoot.get(find(first))!;
    c.events++;
    c.firstSeenAt = Math.min(c.firstSeenAt, e.at);
    c.lastSeenAt = Math.max(c.lastSeenAt, e.at);
  });
  for (const c of byRoot.values()) c.identifiers.sort();
  return [...byRoot.values()].sort((a, b) => (a.identifiers.join('|') < b.identifiers.join('|') ? -1 : 1));
}
