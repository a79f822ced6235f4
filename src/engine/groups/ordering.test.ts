import { describe, expect, it } from 'vitest';
import { compareJavaStrings, compareTopicPartitions, memberOrder } from './assignors.ts';
import { member, tp } from './testKit.ts';

describe('compareJavaStrings (Java String.compareTo)', () => {
  it('orders "consumer10" before "consumer2" (code units, not numbers)', () => {
    expect(compareJavaStrings('consumer10', 'consumer2')).toBeLessThan(0);
    expect(compareJavaStrings('consumer2', 'consumer10')).toBeGreaterThan(0);
  });

  it('returns the same values Java does', () => {
    expect(compareJavaStrings('a', 'a')).toBe(0);
    expect(compareJavaStrings('a', 'b')).toBe(-1);
    expect(compareJavaStrings('b', 'a')).toBe(1);
    expect(compareJavaStrings('abc', 'ab')).toBe(1); // prefix: length difference
    expect(compareJavaStrings('', 'xyz')).toBe(-3);
    expect(compareJavaStrings('A', 'a')).toBe(-32); // upper case sorts first: 'A'=65, 'a'=97
  });

  it('compares UTF-16 code units, so a surrogate pair sorts below U+FFFF', () => {
    // U+1F600 is \uD83D\uDE00; U+FFFD is a single unit 0xFFFD > 0xD83D.
    expect(compareJavaStrings('\u{1F600}', '\uFFFD')).toBeLessThan(0);
    // Locale order would put accented letters near their base letter; Java does not.
    expect(compareJavaStrings('é', 'z')).toBeGreaterThan(0);
  });
});

describe('compareTopicPartitions', () => {
  it('orders by topic (Java order), then partition number', () => {
    const list = [tp('t2:0'), tp('t10:5'), tp('t10:1'), tp('T:9')];
    expect(list.sort(compareTopicPartitions)).toEqual([
      tp('T:9'),
      tp('t10:1'),
      tp('t10:5'),
      tp('t2:0'),
    ]);
  });
});

describe('memberOrder (AbstractPartitionAssignor.MemberInfo order)', () => {
  it('puts static members first by instance id, then dynamic members by member id', () => {
    const members = [
      member('consumer2', ['t']),
      member('consumer10', ['t']),
      member('zzz-static', ['t'], { instanceId: 'instance-b' }),
      member('aaa-static', ['t'], { instanceId: 'instance-a' }),
      member('consumer1', ['t']),
    ];
    expect(memberOrder(members).map((m) => m.memberId)).toEqual([
      'aaa-static',
      'zzz-static',
      'consumer1',
      'consumer10',
      'consumer2',
    ]);
  });

  it('orders static members by instance id even when their member ids sort the other way', () => {
    const members = [
      member('a', ['t'], { instanceId: 'z' }),
      member('b', ['t'], { instanceId: 'y' }),
    ];
    expect(memberOrder(members).map((m) => m.memberId)).toEqual(['b', 'a']);
  });

  it('does not modify its input', () => {
    const members = [member('b', ['t']), member('a', ['t'])];
    memberOrder(members);
    expect(members.map((m) => m.memberId)).toEqual(['b', 'a']);
  });
});
