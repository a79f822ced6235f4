import type { Command } from './commands';
import { nextFloat, nextInt, type RngState } from './prng';
import type { ControllerQuorumSetup } from './setup';

/**
 * The fuzzer's controller quorum: the default (the first three brokers, combined, so broker
 * kills cost it its majority now and then), three isolated controllers that crash and return
 * on their own, or one isolated controller that never fails (so broker failures always get a
 * controller's decisions). Drawn after everything else in a case, so the rest of a seed's case
 * is what it was before quorums were fuzzed.
 */
export function drawFuzzQuorum(
  rng: RngState,
  untilMs: number,
): { controllers?: ControllerQuorumSetup; commands: { atMs: number; command: Command }[] } {
  const roll = nextFloat(rng);
  if (roll < 0.4) return { commands: [] };
  if (roll < 0.55) return { controllers: { mode: 'isolated', voters: [3000] }, commands: [] };
  const voters = [3000, 3001, 3002];
  const commands: { atMs: number; command: Command }[] = [];
  for (let i = nextInt(rng, 4); i > 0; i--) {
    const controller = voters[nextInt(rng, voters.length)];
    const type = nextFloat(rng) < 0.6 ? 'killController' : 'restartController';
    commands.push({ atMs: 500 + nextInt(rng, untilMs - 10_500), command: { type, controller } });
  }
  // Every controller back near the end, as every broker is, so recovery runs too.
  for (const controller of voters)
    commands.push({ atMs: untilMs - 8000, command: { type: 'restartController', controller } });
  return { controllers: { mode: 'isolated', voters }, commands };
}
