import { emit } from '../world';
import type { CommandSpec } from './spec';

/** A caption's words, recorded in the trace (the scenario's `say` step). */
export interface NarrateCommand {
  type: 'narrate';
  text: string;
}

export const narrateSpec: CommandSpec<NarrateCommand> = {
  validate: () => null,
  apply: (world, command) =>
    emit(world, { type: 'narrated', atMs: world.nowMs, text: command.text }),
  describe: () => 'narrate',
};
