/**
 * The difference between who should be on the remote (eligible members now) and who the remote holds
 * (destination_members, as of the last successful operations): adds, property updates and removes.
 * Pure; the engine writes the result to the outbox.
 */
export interface DesiredMember {
  profileId: number;
  propsHash: string;
  enteredAt: number;
}

export interface SyncedMember {
  profileId: number;
  propsHash: string;
  enteredAt: number;
}

/** The last finished operation of a member was refused for good (dead). */
export interface DeadOperation {
  profileId: number;
  op: PlannedOperation['op'];
  propsHash: string | null;
}

export type PlannedOperation =
  | { op: 'add' | 'update'; profileId: number; propsHash: string; enteredAt: number }
  /** enteredAt: the membership the remote holds, whose Exited event this is. */
  | { op: 'remove'; profileId: number; propsHash: null; enteredAt: number };

export interface SyncPlan {
  ops: PlannedOperation[];
  /** Operations left out because the very same operation went dead before (a changed member is tried again). */
  skippedDead: number;
}

export function planSync(desired: readonly DesiredMember[], synced: readonly SyncedMember[], dead: readonly DeadOperation[] = []): SyncPlan {
  const held = new Map(synced.map((m) => [m.profileId, m]));
  const deadOf = new Map(dead.map((d) => [d.profileId, d]));
  const wanted = new Set<number>();
  const adds: PlannedOperation[] = [];
  const updates: PlannedOperation[] = [];
  const removes: PlannedOperation[] = [];
  for (const member of desired) {
    wanted.add(member.profileId);
    const current = held.get(member.profileId);
    // A member who left and came back since the last run is added again: same remote state, but the
    // new membership gets its own Entered event (unique ids carry entered_at).
    if (!current || current.enteredAt !== member.enteredAt) adds.push({ op: 'add', ...member });
    else if (current.propsHash !== member.propsHash) updates.push({ op: 'update', ...member });
  }
  for (const current of synced) {
    if (!wanted.has(current.profileId)) removes.push({ op: 'remove', profileId: current.profileId, propsHash: null, enteredAt: current.enteredAt });
  }
  const byProfile = (a: PlannedOperation, b: PlannedOperation) => a.profileId - b.profileId;
  const all = [...adds.sort(byProfile), ...updates.sort(byProfile), ...removes.sort(byProfile)];
  // Retrying the operation that was refused for good would be refused again; a change of data is worth a try.
  const ops = all.filter((op) => {
    const d = deadOf.get(op.profileId);
    return !(d && d.op === op.op && d.propsHash === op.propsHash);
  });
  return { ops, skippedDead: all.length - ops.length };
}

/** The remote state after every planned operation succeeded (the plan's postcondition; tests check it). */
export function applyPlan(synced: readonly SyncedMember[], ops: readonly PlannedOperation[]): SyncedMember[] {
  const state = new Map(synced.map((m) => [m.profileId, m]));
  for (const op of ops) {
    if (op.op === 'remove') state.delete(op.profileId);
    else state.set(op.profileId, { profileId: op.profileId, propsHash: op.propsHash, enteredAt: op.enteredAt });
  }
  return [...state.values()].sort((a, b) => a.profileId - b.profileId);
}
