/**
 * Who enters and who leaves: `matched` are the profiles the query selects now, `current` the members,
 * both restricted to the same scope (some profiles, or the whole shop). Sorted for stable logs.
 */
export function diffMembership(matched: ReadonlySet<number>, current: ReadonlySet<number>): { enter: number[]; exit: number[] } {
  const enter = [...matched].filter((id) => !current.has(id)).sort((a, b) => a - b);
  const exit = [...current].filter((id) => !matched.has(id)).sort((a, b) => a - b);
  return { enter, exit };
}
