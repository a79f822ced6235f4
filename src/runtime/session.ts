import type { Command } from '../engine';

/** A user's action as the engine saw it: applied with `applyCommand` at virtual time `atMs`. */
export interface SessionEntry {
  readonly atMs: number;
  readonly command: Command;
}
