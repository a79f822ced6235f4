// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { BrokerCard, ReplicaSlot } from './clusterLayout';
import { drawBrokers } from './brokerLayer';
import { layoutCluster } from './clusterLayout';
import { lessonSnapshot } from './testSnapshots';
import { mutationRecords, svgGroup } from './testDom';

const mutations = async (root: Element, draw: () => void): Promise<number> =>
  (await mutationRecords(root, draw)).length;

/** The cards with every replica row's log end offset moved on by `by`. */
const leoPlus = (cards: readonly BrokerCard[], by: number): BrokerCard[] =>
  cards.map((c) => ({
    ...c,
    replicas: c.replicas.map((r): ReplicaSlot => ({ ...r, logEndOffset: r.logEndOffset + by })),
  }));

describe('broker cards redraw what they show', () => {
  it('an equal frame changes nothing; a log end offset changes a row only where it is shown', async () => {
    const layout = layoutCluster(lessonSnapshot(3_000), { width: 1800 });
    const wide = svgGroup();
    drawBrokers(wide, layout.brokers, false);
    expect(await mutations(wide, () => drawBrokers(wide, leoPlus(layout.brokers, 0), false))).toBe(
      0,
    );
    // Wide rows show "LEO n": the new offsets are drawn.
    expect(layout.brokers[0].replicas[0].width).toBeGreaterThanOrEqual(230);
    expect(await mutations(wide, () => drawBrokers(wide, leoPlus(layout.brokers, 5), false))).toBe(
      layout.brokers.flatMap((b) => b.replicas).length,
    );
    const leo = wide.querySelector('g.replica text.replica-leo')!.textContent;
    expect(leo).toBe(`LEO ${layout.brokers[0].replicas[0].logEndOffset + 5}`);
    // Narrow rows show no log end offset: nothing to redraw when only it changes.
    const narrowLayout = layoutCluster(lessonSnapshot(3_000), { width: 700 });
    expect(narrowLayout.brokers[0].replicas[0].width).toBeLessThan(165);
    const narrow = svgGroup();
    drawBrokers(narrow, narrowLayout.brokers, false);
    expect(
      await mutations(narrow, () => drawBrokers(narrow, leoPlus(narrowLayout.brokers, 5), false)),
    ).toBe(0);
    // A change it shows (a follower out of the ISR) is drawn.
    const outOfSync = leoPlus(narrowLayout.brokers, 5).map((c, i) =>
      i === 0
        ? { ...c, replicas: c.replicas.map((r) => ({ ...r, state: 'out-of-sync' as const })) }
        : c,
    );
    expect(await mutations(narrow, () => drawBrokers(narrow, outOfSync, false))).toBeGreaterThan(0);
    expect(narrow.querySelector('g.replica')!.getAttribute('data-state')).toBe('out-of-sync');
  });
});
