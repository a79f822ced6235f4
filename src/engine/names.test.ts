import { describe, expect, it } from 'vitest';
import { applyCommand, createWorld, takeEmitted } from './simulation';
import {
  NAME_MAX_CHARS,
  dict,
  isDict,
  nameProblem,
  newTopicProblem,
  topicCollision,
  type NameKind,
} from './names';

const ANY_TEXT: NameKind[] = ['producer', 'consumer', 'group'];
const KAFKA_CHARS: NameKind[] = ['topic', 'instanceId'];

describe('the name rule (Kafka’s)', () => {
  it('client and group ids: any text but the empty string, spaces and Unicode included', () => {
    for (const kind of ANY_TEXT) {
      for (const name of ['my group', 'pro dücer', '注文', ' lead', 'a:b/c', 'x'.repeat(249)])
        expect(nameProblem(kind, name)).toBeNull();
      expect(nameProblem(kind, '')).toMatch(/cannot be empty$/);
      expect(nameProblem(kind, 'x'.repeat(250))).toBe(
        `${kind === 'group' ? 'a group id' : `a ${kind} id`} is at most 249 characters; this one has 250`,
      );
    }
  });

  it("topic names and instance ids: Topic.validate's characters, length, '.' and '..'", () => {
    for (const kind of KAFKA_CHARS) {
      for (const name of ['orders', 'a.b_c-9', 'A'.repeat(NAME_MAX_CHARS), '...'])
        expect(nameProblem(kind, name)).toBeNull();
      expect(nameProblem(kind, '.')).toMatch(/cannot be "\." or "\.\."$/);
      expect(nameProblem(kind, '..')).toMatch(/cannot be "\." or "\.\."$/);
      expect(nameProblem(kind, 'A'.repeat(250))).toMatch(/at most 249 characters/);
    }
    expect(nameProblem('topic', 'my orders')).toBe(
      'a topic name may use only ASCII letters, digits, ".", "_" and "-" (Kafka\'s rule), and "my orders" has a space',
    );
    expect(nameProblem('instanceId', 'hôte-1')).toMatch(/and "hôte-1" has "ô"$/);
  });

  it('names every JavaScript object has are ordinary names of every kind', () => {
    for (const kind of [...ANY_TEXT, ...KAFKA_CHARS])
      for (const name of ['constructor', 'toString', 'hasOwnProperty', 'valueOf'])
        expect(nameProblem(kind, name)).toBeNull();
    for (const kind of [...ANY_TEXT, 'instanceId' as const])
      expect(nameProblem(kind, '__proto__')).toBeNull();
    // A new topic may not start with "__" (internal topics), whatever follows.
    expect(newTopicProblem('__proto__')).toMatch(/kept for internal topics/);
  });

  it('a dict has no prototype, so such names are plain keys', () => {
    const d = dict<number>([['__proto__', 1]]);
    d.constructor = 2 as never;
    expect(Object.keys(d)).toEqual(['__proto__', 'constructor']);
    expect(d.toString).toBeUndefined();
    expect(isDict(d)).toBe(true);
    expect(isDict({})).toBe(false);
  });

  it('a new topic: the rule, "__" kept for internal topics, and Topic.hasCollision', () => {
    expect(newTopicProblem('orders')).toBeNull();
    expect(newTopicProblem('__mine')).toMatch(/kept for internal topics/);
    expect(newTopicProblem('my orders')).toMatch(/may use only/);
    expect(newTopicProblem('a.b', ['x', 'a_b'])).toBe(
      'topic "a.b" collides with topic "a_b": Kafka refuses topic names that differ only by "." and "_" (their metrics would share one name)',
    );
    expect(topicCollision('a_b', ['a_b'])).toBeNull(); // the same name is a duplicate, not a collision
    expect(topicCollision('a.b.c', ['a_b.c'])).toMatch(/collides/);
    expect(topicCollision('a-b', ['a_b'])).toBeNull();
  });
});

describe('the engine applies the rule to a new consumer', () => {
  const world = () => {
    const w = createWorld({
      seed: 1,
      brokers: [1],
      topics: [{ name: 'orders', partitions: 1 }],
    });
    takeEmitted(w);
    return w;
  };

  it('takes a group and a consumer id with spaces and Unicode', () => {
    const w = world();
    applyCommand(w, {
      type: 'addConsumer',
      consumer: { id: 'my group-1', group: 'my group', topics: ['orders'] },
    });
    expect(takeEmitted(w).some((e) => e.type === 'commandRejected')).toBe(false);
    expect(Object.hasOwn(w.consumers, 'my group-1')).toBe(true);
    expect(Object.hasOwn(w.groups, 'my group')).toBe(true);
  });

  it.each([
    [{ id: '', topics: ['orders'] }, 'a consumer id cannot be empty'],
    [{ id: 'c', group: '', topics: ['orders'] }, 'a group id cannot be empty'],
    [
      { id: 'c', group: 'g', instanceId: 'host 1', topics: ['orders'] },
      'an instanceId (group.instance.id) may use only ASCII letters, digits, ".", "_" and "-" (Kafka\'s rule), and "host 1" has a space',
    ],
  ])('refuses %j: %s', (consumer, reason) => {
    const w = world();
    applyCommand(w, { type: 'addConsumer', consumer });
    expect(takeEmitted(w)).toEqual([
      expect.objectContaining({ type: 'commandRejected', command: 'addConsumer', reason }),
    ]);
  });
});
