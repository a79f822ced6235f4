import type { Command } from '../engine';
import type { Selection } from '../store';
import type { VizTarget } from '../viz';

/** What the UI does with a target on the picture: inspect it, or apply an engine command. */
export type TargetAction =
  { kind: 'select'; selection: Selection } | { kind: 'act'; command: Command };

const BROKER_COMMAND = {
  kill: 'killBroker',
  shutdown: 'shutdownBroker',
  restart: 'restartBroker',
} as const;

/** The one place a viz target becomes a store selection or an engine command. */
export function targetAction(target: VizTarget): TargetAction {
  switch (target.kind) {
    case 'brokerAction':
      return {
        kind: 'act',
        command: { type: BROKER_COMMAND[target.action], broker: target.broker },
      };
    case 'broker':
    case 'producer':
    case 'group':
    case 'consumer':
    case 'partition':
    case 'record':
    case 'lost':
      return { kind: 'select', selection: target };
  }
}
