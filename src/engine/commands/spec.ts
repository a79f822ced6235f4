import type { World } from '../world';

/**
 * What the engine knows of one command: whether it can apply to the world as it is, what it
 * does, and what it is in plain words. One spec per command type, in the command's own
 * module (`producerCommands.ts`, `brokerCommands.ts`, …), all registered in `COMMAND_SPECS`
 * (commands/index.ts), which the compiler insists names every type. The scenario format's
 * side of a command (the shape share links check, the step it exports as) is its codec in
 * src/scenario/commands. See docs/architecture.md, "Adding a command".
 */
export interface CommandSpec<C> {
  /** Why the command cannot apply to the world as it is now (words a person can act on), or null. */
  validate(world: World, command: C): string | null;
  /** Applies a command `validate` accepted, emitting its events. */
  apply(world: World, command: C): void;
  /** "kill broker 2", "add consumer c3 to billing": what the command does, briefly. */
  describe(command: C): string;
}
