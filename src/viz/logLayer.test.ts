// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { layoutCluster, type MarkerKind, type PositionMarker } from './clusterLayout';
import { drawLogs } from './logLayer';
import { lessonSnapshot } from './testSnapshots';

const KINDS: MarkerKind[] = ['position', 'commit', 'lost', 'replica', 'truncated', 'revoked'];

describe('drawLogs', () => {
  it('redrawing keeps one element per marker, of every kind', () => {
    const layout = layoutCluster(lessonSnapshot(12_000), { width: 1000 });
    const strip = layout.strips[0];
    const template = strip.markers[0];
    const markers: PositionMarker[] = KINDS.map((kind, i) => ({
      ...template,
      id: `${kind}-${i}`,
      kind,
      label: kind,
      lane: i,
    }));
    const strips = [{ ...strip, markers }];
    const g = document.createElementNS('http://www.w3.org/2000/svg', 'g');
    for (let i = 0; i < 3; i++) drawLogs(g, strips, 8);
    const drawn = [...g.querySelectorAll('g.strip-marker')].map((m) => m.getAttribute('data-kind'));
    expect(drawn).toEqual(KINDS);
  });
});
