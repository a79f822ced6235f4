import type { Snapshot } from '../engine';

/**
 * What the reveal can explain beyond the author's words, read from the answer's expression:
 * `partitionOf(topic, key)` gets the key's murmur2 walk-through (as the inspector shows it),
 * `ownerOf(group, …)` and `assignment(group, …)` the group's assignor and what it gave whom.
 */
export type AnswerHelp =
  | { kind: 'key'; topic: string; key: string; numPartitions: number }
  | {
      kind: 'group';
      group: string;
      protocol: string | null;
      members: readonly { id: string; partitions: readonly string[] }[];
    };

/** A name or key argument: bare, or quoted with " or '. */
const ARG = String.raw`\s*(?:"([^"]*)"|'([^']*)'|([^,()\s"']+))\s*`;
const KEY_CALL = new RegExp(String.raw`^\s*partitions?Of\(${ARG},${ARG}\)\s*$`);
const GROUP_CALL = new RegExp(String.raw`^\s*(?:ownerOf|assignment)\(${ARG},`);

function argAt(m: RegExpExecArray, i: number): string {
  return m[i] ?? m[i + 1] ?? m[i + 2];
}

export function answerHelp(answer: string, snapshot: Snapshot): AnswerHelp | null {
  const key = KEY_CALL.exec(answer);
  if (key !== null) {
    const topic = argAt(key, 1);
    const keyText = argAt(key, 4);
    const t = snapshot.topics.find((x) => x.name === topic);
    if (t === undefined || keyText === 'null') return null;
    return { kind: 'key', topic, key: keyText, numPartitions: t.partitions.length };
  }
  const call = GROUP_CALL.exec(answer);
  if (call !== null) {
    const group = snapshot.groups.find((g) => g.id === argAt(call, 1));
    if (group === undefined) return null;
    return {
      kind: 'group',
      group: group.id,
      protocol: group.protocol,
      members: group.members.map((m) => ({
        id: m.id,
        partitions: m.assignment.map((tp) => `${tp.topic}-${tp.partition}`),
      })),
    };
  }
  return null;
}
