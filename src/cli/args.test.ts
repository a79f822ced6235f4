import { describe, expect, it } from 'vitest';
import { parseFlags, parseIntegerFlag } from './args.ts';
import { UsageError } from './io.ts';

const specs = [{ name: 'seed', value: true }, { name: 'json' }, { name: 'quiet', short: 'q' }];

describe('parseFlags', () => {
  it('reads values, switches, short aliases and positionals in any order', () => {
    expect(parseFlags(['a.yaml', '--seed', '7', '--json', '-q'], specs, '')).toEqual({
      flags: { seed: '7', json: true, quiet: true },
      positionals: ['a.yaml'],
    });
    expect(parseFlags(['--seed=9', 'a.yaml'], specs, '').flags.seed).toBe('9');
  });

  it('takes a value that starts with a dash, and everything after -- as positionals', () => {
    expect(parseFlags(['--seed', '-1'], specs, '').flags.seed).toBe('-1');
    expect(parseFlags(['--', '--json'], specs, '').positionals).toEqual(['--json']);
    expect(parseFlags(['-'], specs, '').positionals).toEqual(['-']);
  });

  it.each([
    [['--nope'], 'unknown flag --nope'],
    [['-x'], 'unknown flag -x'],
    [['--seed'], '--seed needs a value'],
    [['--seed='], '--seed needs a value'],
    [['--json=yes'], '--json takes no value'],
    [['--json', '--json'], '--json given more than once'],
  ])('rejects %j with "%s"', (argv, message) => {
    expect(() => parseFlags(argv, specs, 'USAGE')).toThrow(UsageError);
    expect(() => parseFlags(argv, specs, 'USAGE')).toThrow(message);
  });
});

describe('parseIntegerFlag', () => {
  it('accepts whole numbers with separators', () => {
    expect(parseIntegerFlag('records', '1_000_000', 1, 1e9, '')).toBe(1_000_000);
    expect(parseIntegerFlag('records', '20,000', 1, 1e9, '')).toBe(20_000);
  });

  it.each(['1e3', '0x10', '1.5', 'ten', '', '-'])('rejects "%s"', (text) => {
    expect(() => parseIntegerFlag('seed', text, 0, 100, '')).toThrow(/must be a whole number/);
  });

  it('rejects numbers out of range', () => {
    expect(() => parseIntegerFlag('seed', '-1', 0, 100, '')).toThrow(
      '--seed must be between 0 and 100, not -1',
    );
    expect(() =>
      parseIntegerFlag('seed', '99999999999999999999', 0, Number.MAX_SAFE_INTEGER, ''),
    ).toThrow(/between/);
  });
});
