// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { GroupBox } from './clusterLayout';
import { layoutCluster } from './clusterLayout';
import { drawGroups } from './groupLayer';
import { lessonSnapshot } from './testSnapshots';
import { mutationRecords as mutations, svgGroup } from './testDom';

/** The boxes with each member's consumer changed by `change`. */
const withConsumers = (
  boxes: readonly GroupBox[],
  change: (c: GroupBox['members'][number]['consumer']) => object,
): GroupBox[] =>
  boxes.map((b) => ({
    ...b,
    group: b.group === null ? null : { ...b.group, offsets: [] },
    members: b.members.map((m) => ({ ...m, consumer: { ...m.consumer, ...change(m.consumer) } })),
  }));

describe('group boxes redraw what they show', () => {
  it('a member that read more rewrites its name line and label only', async () => {
    const { groups } = layoutCluster(lessonSnapshot(4_000), { width: 1200 });
    const members = groups.flatMap((b) => b.members);
    expect(members.length).toBeGreaterThan(0);
    const g = svgGroup();
    drawGroups(g, groups);
    // Equal data, a group's commits and members' positions changed: nothing to write.
    const same = await mutations(g, () =>
      drawGroups(
        g,
        withConsumers(groups, () => ({ positions: [] })),
      ),
    );
    expect(same).toHaveLength(0);
    const read = await mutations(g, () =>
      drawGroups(
        g,
        withConsumers(groups, (c) => ({ consumed: c.consumed + 5 })),
      ),
    );
    expect(read).toHaveLength(2 * members.length);
    expect(read.every((r) => r.type === 'characterData' || r.attributeName === 'aria-label')).toBe(
      true,
    );
    const first = members[0].consumer;
    const card = g.querySelector(`g.consumer[data-id="${first.id}"]`)!;
    expect(card.querySelector('text.member-name')!.textContent).toContain(
      `read ${first.consumed + 5}`,
    );
    expect(card.getAttribute('aria-label')).toContain(`read ${first.consumed + 5}`);
    // A crash is drawn in full (class, lines).
    await mutations(g, () =>
      drawGroups(
        g,
        withConsumers(groups, (c) => ({ consumed: c.consumed + 5, alive: c.id !== first.id })),
      ),
    );
    expect(card.classList.contains('crashed')).toBe(true);
    expect(card.querySelector('text.member-name')!.textContent).toContain('✕');
  });
});
