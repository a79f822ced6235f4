import { describe, expect, it } from 'vitest';
import { targetAction } from './targetAction';

describe('targetAction', () => {
  it('a broker action is an engine command; anything else is inspected', () => {
    expect(targetAction({ kind: 'brokerAction', action: 'kill', broker: 3 })).toEqual({
      kind: 'act',
      command: { type: 'killBroker', broker: 3 },
    });
    expect(targetAction({ kind: 'brokerAction', action: 'restart', broker: 1 })).toEqual({
      kind: 'act',
      command: { type: 'restartBroker', broker: 1 },
    });
    expect(targetAction({ kind: 'lost', topic: 'fast', partition: 0 })).toEqual({
      kind: 'select',
      selection: { kind: 'lost', topic: 'fast', partition: 0 },
    });
  });
});
