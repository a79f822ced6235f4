import { describe, expect, it } from 'vitest';
import { loadScenario } from './compile';
import { FOCUS_KINDS, focusSyntaxMessage, parseFocus } from './focus';
import { parseScenario } from './parse';
import { formatProblem } from './problems';

/** A caption's `focus`: ids of the diagram elements it names, checked against the scenario. */

const HEAD = `title: focus
duration: 20s
cluster:
  brokers: 3
  topics:
    - { name: orders, partitions: 2, replicationFactor: 2 }
    - { name: page-views, partitions: 1 }
producers:
  - { id: app, topic: orders }
consumers:
  - { id: sally, group: billing, topic: orders }
steps:
`;

function problemsOf(steps: string): string[] {
  const r = parseScenario(HEAD + steps, 'f.yaml');
  return r.ok ? [] : r.problems.map((p) => formatProblem(p, 'f.yaml'));
}

describe('parseFocus', () => {
  it('reads every kind, with topic names that contain "-"', () => {
    expect(parseFocus('broker:2')).toEqual({ kind: 'broker', broker: 2 });
    expect(parseFocus('producer:app')).toEqual({ kind: 'producer', id: 'app' });
    expect(parseFocus('group:g-coop')).toEqual({ kind: 'group', id: 'g-coop' });
    expect(parseFocus('consumer:bill-1')).toEqual({ kind: 'consumer', id: 'bill-1' });
    expect(parseFocus('log:page-views-0')).toEqual({
      kind: 'log',
      topic: 'page-views',
      partition: 0,
    });
    expect(parseFocus('replica:orders-1@3')).toEqual({
      kind: 'replica',
      topic: 'orders',
      partition: 1,
      broker: 3,
    });
    expect(parseFocus('record:orders-0@104')).toEqual({
      kind: 'record',
      topic: 'orders',
      partition: 0,
      offset: 104,
    });
  });

  it('reads ids holding any text: spaces, Unicode, colons', () => {
    expect(parseFocus('consumer:my group-1')).toEqual({ kind: 'consumer', id: 'my group-1' });
    expect(parseFocus('producer:pro dücer')).toEqual({ kind: 'producer', id: 'pro dücer' });
    expect(parseFocus('group:a:b')).toEqual({ kind: 'group', id: 'a:b' });
    expect(parseFocus('group:')).toBeNull();
    expect(parseFocus('log:my orders-0')).toBeNull(); // topic names keep Kafka's characters
  });

  it('rejects ids that are not <kind>:<name>, saying how to write them', () => {
    for (const bad of ['broker', 'broker:two', 'log:orders', 'record:orders-0', 'log:-0', 'x:y'])
      expect(parseFocus(bad), bad).toBeNull();
    expect(focusSyntaxMessage('brokr:1')).toBe(
      `unknown focus kind "brokr" (did you mean "broker"?) (kinds: ${FOCUS_KINDS.join(', ')})`,
    );
    expect(focusSyntaxMessage('record:orders-0')).toBe(
      'a record focus is written record:orders-0@104 (topic-partition@offset)',
    );
    expect(focusSyntaxMessage('orders-0')).toMatch(/^a focus id is <kind>:<name>/);
  });
});

describe('say: { text, focus }', () => {
  it('compiles to the same narrate command as the text form, and gives the caption its focus', () => {
    const r = loadScenario(
      `${HEAD}  - at: 0s
    say: Two brokers.
  - at: 4s
    say: { text: 'Broker 2 leads orders-1.', focus: [broker:2, log:orders-1, 'record:orders-0@0'] }
  - at: 8s
    say:
      text: No focus.
`,
    );
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const narrations = r.value.commands.filter((c) => c.command.type === 'narrate');
    expect(narrations.map((c) => c.command)).toEqual([
      { type: 'narrate', text: 'Two brokers.' },
      { type: 'narrate', text: 'Broker 2 leads orders-1.' },
      { type: 'narrate', text: 'No focus.' },
    ]);
    expect(r.value.captions.map((c) => [c.atMs, c.text, c.focus])).toEqual([
      [0, 'Two brokers.', []],
      [4000, 'Broker 2 leads orders-1.', ['broker:2', 'log:orders-1', 'record:orders-0@0']],
      [8000, 'No focus.', []],
    ]);
  });

  it('reports unknown names with did-you-mean, at the id’s line and column', () => {
    expect(
      problemsOf(`  - at: 1s
    say:
      text: hello
      focus:
        - broker:4
        - log:ordrs-0
        - log:orders-2
        - producer:ap
        - group:biling
        - consumer:sallly
        - replica:orders-0@9
        - brokr:1
`),
    ).toEqual([
      'f.yaml:17:11: steps[0].say.focus[0]: no broker 4 (brokers: 1, 2, 3)',
      'f.yaml:18:11: steps[0].say.focus[1]: no topic "ordrs" (did you mean "orders"?)',
      'f.yaml:19:11: steps[0].say.focus[2]: topic "orders" has 2 partitions (0 to 1), so no partition 2',
      'f.yaml:20:11: steps[0].say.focus[3]: no producer "ap" (did you mean "app"?)',
      'f.yaml:21:11: steps[0].say.focus[4]: no group "biling" (did you mean "billing"?)',
      'f.yaml:22:11: steps[0].say.focus[5]: no consumer "sallly" (did you mean "sally"?)',
      'f.yaml:23:11: steps[0].say.focus[6]: no broker 9 (brokers: 1, 2, 3)',
      `f.yaml:24:11: steps[0].say.focus[7]: unknown focus kind "brokr" (did you mean "broker"?) (kinds: ${FOCUS_KINDS.join(', ')})`,
    ]);
  });

  it('checks against the moment: partitions added later, consumers and groups that join later', () => {
    expect(
      problemsOf(`  - at: 1s
    say: { text: early, focus: [log:orders-3, consumer:w2, group:late] }
  - at: 2s
    addPartitions: { topic: orders, count: 4 }
  - at: 3s
    addConsumer: { id: w2, group: late, topic: orders }
  - at: 4s
    say: { text: later, focus: [log:orders-3, consumer:w2, group:late] }
`),
    ).toEqual([
      'f.yaml:14:33: steps[0].say.focus[0]: topic "orders" has 2 partitions (0 to 1), so no partition 3 yet (addPartitions at 2s (steps[1]) adds more)',
      'f.yaml:14:47: steps[0].say.focus[1]: consumer "w2" is added at 3s (steps[2]), after this caption: it is not on screen yet',
      'f.yaml:14:60: steps[0].say.focus[2]: group "late" does not exist yet: its first consumer is added at 3s (steps[2])',
    ]);
  });

  it('says what the object form is when it is written wrong', () => {
    const say = (value: string) => problemsOf(`  - at: 1s\n    say: ${value}\n`);
    expect(say('{ txt: hello }')).toEqual([
      'f.yaml:14:10: steps[0].say: expected text, found a map (YAML reads "a: b" as a map: quote text that contains ": "; the map form is { text: "…", focus: [ids] })',
    ]);
    expect(say('{ text: hello, focs: [broker:1] }')).toEqual([
      'f.yaml:14:25: steps[0].say.focs: unknown field "focs" (did you mean "focus"?)',
    ]);
    expect(say('{ text: hello, focus: broker:1 }')).toEqual([
      'f.yaml:14:10: steps[0].say: focus is a list of ids ([broker:2, log:orders-0]), found the text "broker:1"',
    ]);
    expect(say("{ text: '', focus: [broker:1] }")).toEqual([
      'f.yaml:14:18: steps[0].say.text: say something: the text is empty',
    ]);
    expect(say('[a, b]')).toEqual([
      'f.yaml:14:10: steps[0].say: say is text, or a map { text: "…", focus: [ids] }; found a list',
    ]);
  });
});
