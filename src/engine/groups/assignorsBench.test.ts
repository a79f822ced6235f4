import { describe, expect, it } from 'vitest';
import { benchAssignors } from './assignorsBench.ts';

describe('benchAssignors', () => {
  it('times each assignor with the caller’s clock (a fake one here) and assigns everything', () => {
    let tick = 0;
    const fakeClock = (): number => (tick += 5);
    const results = benchAssignors(fakeClock, {
      topics: 4,
      partitionsPerTopic: 25,
      members: 20,
      leaving: 2,
    });
    expect(results.map((r) => `${r.name}/${r.scenario}`)).toEqual([
      'range/fresh',
      'roundrobin/fresh',
      'sticky/fresh',
      'sticky/rebalance after 2 left',
      'sticky/fresh, mixed subscriptions',
      'sticky/mixed, 2 joined',
      'cooperative-sticky/fresh',
      'cooperative-sticky/rebalance after 2 left',
      'cooperative-sticky/fresh, mixed subscriptions',
      'cooperative-sticky/mixed, 2 joined',
    ]);
    // every call reads the clock twice, 5 "ms" apart
    for (const r of results) expect(r.ms).toBe(5);
    for (const r of results) {
      // cooperative withholds moving partitions only when someone joins
      if (r.name === 'cooperative-sticky' && r.scenario.includes('joined'))
        expect(r.assigned).toBeLessThan(100);
      else expect(r.assigned).toBe(100);
    }
  });
});
