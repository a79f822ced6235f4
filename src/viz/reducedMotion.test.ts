// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../engine';
import { snapshot } from '../engine';
import { loadScenario, runScenario } from '../scenario';
import { layoutCluster } from './clusterLayout';
import { createClusterScene } from './clusterScene';
import { staticFlightLinks, staticLinkLabel } from './flightLayer';
import { STATIC_LEADER_STAR_MS } from './leaderMoveLayer';

function lessonAt(file: string, atMs: number): Snapshot {
  // jsdom's import.meta.url is not a file URL: read from the checkout's root.
  const text = readFileSync(resolve(process.cwd(), 'public/scenarios', file), 'utf8');
  const loaded = loadScenario(text, file);
  if (!loaded.ok) throw new Error(`${file} does not load`);
  return snapshot(runScenario(loaded.value, { untilMs: atMs }).world);
}

function scene() {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  document.body.appendChild(svg);
  const root = document.createElementNS('http://www.w3.org/2000/svg', 'g');
  const overlay = document.createElementNS('http://www.w3.org/2000/svg', 'g');
  svg.append(root, overlay);
  return { root, overlay, scene: createClusterScene({ root, overlay }) };
}

const reduced = { showFlights: false, speed: 1, showInternal: false };

describe('reduced motion marks what moves instead of hiding it', () => {
  // Lesson 9 at 6 s: one produce request is on its way to broker 1 (2 s per message).
  const s = lessonAt('lesson-09-replication.yaml', 6_000);
  const layout = layoutCluster(s, { width: 1280 });

  it('lesson 9: the request in flight is a static mark at the middle of its link', () => {
    expect(s.flights.length).toBeGreaterThan(0);
    const { overlay, scene: sc } = scene();
    sc.render(layout, s, reduced);
    const marks = [...overlay.querySelectorAll('g.flight-static')];
    expect(marks.length).toBeGreaterThan(0);
    expect(overlay.querySelectorAll('g.flight')).toHaveLength(0); // nothing moving
    const produce = marks.find((m) => m.getAttribute('data-kind') === 'produce')!;
    const link = staticFlightLinks(s.flights, layout).find((l) => l.kind === 'produce')!;
    expect(produce.querySelector('g.flight-mark')?.getAttribute('transform')).toBe(
      `translate(${Math.round(link.middle.x * 2) / 2},${Math.round(link.middle.y * 2) / 2})`,
    );
    // The same moment a little later: the mark has not moved.
    sc.render(layout, { ...s, timeMs: s.timeMs + 500 }, reduced);
    expect(
      overlay
        .querySelector('g.flight-static[data-kind="produce"] g.flight-mark')
        ?.getAttribute('transform'),
    ).toBe(produce.querySelector('g.flight-mark')?.getAttribute('transform'));
  });

  it('with motion, flights are drawn moving and no static marks', () => {
    const { overlay, scene: sc } = scene();
    sc.render(layout, s, { ...reduced, showFlights: true });
    expect(overlay.querySelectorAll('g.flight').length).toBeGreaterThan(0);
    expect(overlay.querySelectorAll('g.flight-static')).toHaveLength(0);
  });

  it('groups messages on one link and says how many: "3 in flight"', () => {
    const f = s.flights[0];
    const three = [f, { ...f, id: 901 }, { ...f, id: 902, count: 4 }];
    const links = staticFlightLinks(three, layout);
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ messages: 3, records: f.count * 2 + 4 });
    expect(staticLinkLabel(links[0])).toBe('3 in flight');
    expect(staticLinkLabel({ messages: 1 })).toBe('');
  });

  it('a new leader gets a static star at its row, which expires in virtual time', () => {
    const { overlay, scene: sc } = scene();
    const p = s.topics[0].partitions[0];
    const next = p.replicas.find((b) => b !== p.leader)!;
    const moved: Snapshot = {
      ...s,
      timeMs: s.timeMs + 100,
      topics: s.topics.map((t, i) =>
        i !== 0
          ? t
          : {
              ...t,
              partitions: t.partitions.map((q, j) =>
                j === 0 ? { ...q, leader: next, leaderEpoch: q.leaderEpoch + 1 } : q,
              ),
            },
      ),
    };
    sc.render(layout, s, reduced);
    const movedLayout = layoutCluster(moved, { width: 1280 });
    sc.render(movedLayout, moved, reduced);
    const star = overlay.querySelector('g.leader-move')!;
    expect(star).not.toBeNull();
    expect(star.classList.contains('leader-star-static')).toBe(true);
    const row = movedLayout.brokers
      .find((b) => b.id === next)!
      .replicas.find((r) => r.topic === p.topic && r.partition === p.partition)!;
    expect(star.getAttribute('transform')).toBe(
      `translate(${row.x + 16},${row.y + row.height / 2})`,
    );
    // Still there a moment later, gone after STATIC_LEADER_STAR_MS of virtual time.
    const later = (ms: number): Snapshot => ({ ...moved, timeMs: moved.timeMs + ms });
    sc.render(movedLayout, later(500), reduced);
    expect(overlay.querySelectorAll('g.leader-move')).toHaveLength(1);
    for (let t = 1000; t <= STATIC_LEADER_STAR_MS + 500; t += 500)
      sc.render(movedLayout, later(t), reduced);
    expect(overlay.querySelectorAll('g.leader-move')).toHaveLength(0);
  });
});
