import { describe, expect, it } from 'vitest';
import {
  coordinatorPartition,
  javaHashMapOrder,
  javaStringHashCode,
  kafkaAbs,
  protocolFor,
  rebalanceProtocolOf,
} from './coordinator.ts';

const INT_MIN = -2147483648;

/**
 * Builds a string whose Java hashCode is `target` by choosing its last two UTF-16 code units:
 * hash(p + c1 + c2) = 961*hash(p) + 31*c1 + c2 (mod 2^32), so we need a prefix p for which the
 * remainder r = target - 961*hash(p) (mod 2^32) is small enough to be written as 31*c1 + c2.
 */
function stringWithHash(target: number): string {
  for (let i = 0; ; i++) {
    const prefix = `group-${i}`;
    const r = (target - Math.imul(961, javaStringHashCode(prefix))) >>> 0;
    if (r <= 31 * 0xffff + 0xffff) {
      const c1 = Math.min(0xffff, Math.floor(r / 31));
      const c2 = r - 31 * c1;
      if (c2 <= 0xffff) return prefix + String.fromCharCode(c1, c2);
    }
  }
}

/** s[0]*31^(n-1) + ... + s[n-1], computed exactly, then wrapped to a signed 32-bit int. */
function referenceHash(s: string): number {
  let sum = 0n;
  for (let i = 0; i < s.length; i++)
    sum += BigInt(s.charCodeAt(i)) * 31n ** BigInt(s.length - 1 - i);
  return Number(BigInt.asIntN(32, sum));
}

describe('javaStringHashCode (String.hashCode)', () => {
  it('matches known Java values', () => {
    expect(javaStringHashCode('')).toBe(0);
    expect(javaStringHashCode('a')).toBe(97);
    expect(javaStringHashCode('hello')).toBe(99162322);
    expect(javaStringHashCode('Aa')).toBe(2112);
    expect(javaStringHashCode('BB')).toBe(2112); // the classic collision
    expect(javaStringHashCode('hello world')).toBe(1794106052);
    // overflows to negative; expected value from the polynomial evaluated exactly with BigInt
    expect(javaStringHashCode('consumer-group')).toBe(referenceHash('consumer-group'));
    expect(referenceHash('consumer-group')).toBeLessThan(0);
  });

  it('"polygenelubricants" hashes to Integer.MIN_VALUE', () => {
    expect(javaStringHashCode('polygenelubricants')).toBe(INT_MIN);
  });
});

describe('kafkaAbs (Utils.abs)', () => {
  it('is Math.abs except that MIN_VALUE maps to 0', () => {
    expect(kafkaAbs(-5)).toBe(5);
    expect(kafkaAbs(7)).toBe(7);
    expect(kafkaAbs(0)).toBe(0);
    expect(kafkaAbs(2147483647)).toBe(2147483647);
    expect(kafkaAbs(-2147483647)).toBe(2147483647);
    expect(kafkaAbs(INT_MIN)).toBe(0);
  });
});

describe('coordinatorPartition (GroupCoordinator.partitionFor)', () => {
  it('is abs(hashCode) mod the offsets-topic partition count (default 50)', () => {
    expect(coordinatorPartition('hello')).toBe(99162322 % 50); // 22
    expect(coordinatorPartition('')).toBe(0);
    expect(coordinatorPartition('consumer-group')).toBe(
      Math.abs(referenceHash('consumer-group')) % 50,
    );
    expect(coordinatorPartition('hello', 7)).toBe(99162322 % 7);
  });

  it('a group id hashing to MIN_VALUE lands on partition 0 (not a negative partition)', () => {
    expect(coordinatorPartition('polygenelubricants')).toBe(0);
    expect(coordinatorPartition('polygenelubricants', 7)).toBe(0);
    // Plain Math.abs would have stayed negative in Java: -2147483648 % 50 = -48.
    expect(INT_MIN % 50).toBe(-48);
  });

  it('an arithmetically constructed group id with hash MIN_VALUE also maps to 0', () => {
    const groupId = stringWithHash(INT_MIN);
    expect(groupId.startsWith('group-')).toBe(true);
    expect(javaStringHashCode(groupId)).toBe(INT_MIN);
    expect(coordinatorPartition(groupId)).toBe(0);
  });

  it('rejects a non-positive partition count', () => {
    expect(() => coordinatorPartition('g', 0)).toThrow(RangeError);
  });
});

describe('protocolFor (ClassicGroup.selectProtocol)', () => {
  it('picks the only assignor every member supports', () => {
    // Rolling upgrade from eager to cooperative: upgraded members list cooperative-sticky
    // first but keep range; until the last old member is gone, range is the only common one.
    expect(protocolFor([['cooperative-sticky', 'range'], ['range']])).toBe('range');
    expect(
      protocolFor([
        ['cooperative-sticky', 'range'],
        ['cooperative-sticky', 'range'],
      ]),
    ).toBe('cooperative-sticky');
  });

  it('returns null when there is no common assignor, or no members', () => {
    expect(protocolFor([['range'], ['roundrobin']])).toBeNull();
    expect(protocolFor([])).toBeNull();
    expect(protocolFor([[]])).toBeNull();
  });

  it('each member votes for its most preferred candidate; most votes wins', () => {
    expect(
      protocolFor([
        ['roundrobin', 'range'],
        ['roundrobin', 'range'],
        ['range', 'roundrobin'],
      ]),
    ).toBe('roundrobin');
    // A member's favourite that is not common does not count: it votes for its best candidate.
    expect(protocolFor([['sticky', 'range'], ['range']])).toBe('range');
  });

  it('breaks ties by Java HashMap iteration order: sticky, range, roundrobin, cooperative-sticky', () => {
    expect(javaHashMapOrder(['cooperative-sticky', 'roundrobin', 'range', 'sticky'])).toEqual([
      'sticky',
      'range',
      'roundrobin',
      'cooperative-sticky',
    ]);
    expect(
      protocolFor([
        ['cooperative-sticky', 'range'],
        ['range', 'cooperative-sticky'],
      ]),
    ).toBe('range');
    expect(
      protocolFor([
        ['range', 'sticky'],
        ['sticky', 'range'],
      ]),
    ).toBe('sticky');
    expect(
      protocolFor([
        ['cooperative-sticky', 'roundrobin'],
        ['roundrobin', 'cooperative-sticky'],
      ]),
    ).toBe('roundrobin');
  });

  it('javaHashMapOrder keeps insertion order inside a bucket ("Aa" and "BB" collide)', () => {
    expect(javaHashMapOrder(['BB', 'Aa'])).toEqual(['BB', 'Aa']);
    expect(javaHashMapOrder(['Aa', 'BB'])).toEqual(['Aa', 'BB']);
  });
});

describe('rebalanceProtocolOf', () => {
  it('only cooperative-sticky is cooperative', () => {
    expect(rebalanceProtocolOf('cooperative-sticky')).toBe('cooperative');
    expect(rebalanceProtocolOf('sticky')).toBe('eager');
    expect(rebalanceProtocolOf('range')).toBe('eager');
    expect(rebalanceProtocolOf('roundrobin')).toBe('eager');
  });
});
