import type { Snapshot } from '../engine';
import { parseAnswer, type Operand } from '../scenario/expectSyntax';

/**
 * What the reveal can explain beyond the author's words, read from the answer's expression
 * (parsed by the expectation language itself):
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

/** A name or key argument as written: a bare word, quoted text or a number; null otherwise. */
function argText(arg: Operand | undefined): string | null {
  if (arg?.kind === 'word') return arg.text;
  if (arg?.kind === 'literal' && arg.value !== null) return String(arg.value);
  return null;
}

export function answerHelp(answer: string, snapshot: Snapshot): AnswerHelp | null {
  const parsed = parseAnswer(answer);
  if (!parsed.ok || parsed.value.op !== null || parsed.value.left.kind !== 'call') return null;
  const { name, args } = parsed.value.left;
  const first = argText(args[0]);
  if (first === null) return null;
  if (name === 'partitionOf' || name === 'partitionsOf') {
    const key = argText(args[1]);
    const t = snapshot.topics.find((x) => x.name === first);
    if (t === undefined || key === null) return null;
    return { kind: 'key', topic: first, key, numPartitions: t.partitions.length };
  }
  if (name === 'ownerOf' || name === 'assignment') {
    const group = snapshot.groups.find((g) => g.id === first);
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
