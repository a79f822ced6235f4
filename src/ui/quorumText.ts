import type { Snapshot } from '../engine';
import { quorumState } from '../engine/light';

/**
 * What the app says about the controller quorum when it has no active controller: while
 * electing one, or (the case to see) while fewer than a majority of voters run and so
 * nothing is decided. Null while a controller is active.
 */
export function quorumNotice(
  s: Snapshot,
): { tone: 'info' | 'warn'; text: string; short: string } | null {
  const q = quorumState(s);
  if (q.active !== -1 || q.voters === 0) return null;
  const counted = `${q.liveVoters} of ${q.voters} controller voter${q.voters === 1 ? '' : 's'} running`;
  if (q.majority) {
    const text = `Electing an active controller (${counted}).`;
    return { tone: 'info', text, short: text };
  }
  return {
    tone: 'warn',
    text: `No active controller: ${counted}, not a majority. Nothing is decided until enough return: no leader elections, ISR changes or fencing, and restarted brokers cannot register.`,
    short: `No active controller (${q.liveVoters} of ${q.voters} voters): nothing is decided.`,
  };
}

/** One voter as the quorum panel lists it: "3000 · active", "broker 2 · down". */
export function voterLabel(
  c: { id: number; alive: boolean; broker: number | null },
  activeId: number,
): string {
  const name = c.broker === null ? `Controller ${c.id}` : `Broker ${c.broker}`;
  const state = !c.alive ? 'down' : c.id === activeId ? 'active controller' : 'running';
  return `${name} · ${state}`;
}
