// @vitest-environment jsdom
import { select } from 'd3-selection';
import { describe, expect, it } from 'vitest';
import type { BrokerCard } from './clusterLayout';
import { brokerStatus, brokerStatusFit, drawBrokers } from './brokerLayer';
import { layoutCluster } from './clusterLayout';
import { lessonSnapshot } from './testSnapshots';
import { bindTarget, entityId, sameTarget, targetAt } from './vizTarget';

const svgGroup = (): SVGGElement => {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  const g = document.createElementNS('http://www.w3.org/2000/svg', 'g');
  svg.appendChild(g);
  document.body.appendChild(svg);
  return g;
};

describe('targets from the datum', () => {
  it('a broker card, its rows and its buttons resolve to typed targets, no JSON in the DOM', () => {
    const g = svgGroup();
    const layout = layoutCluster(lessonSnapshot(3_000), { width: 1200 });
    drawBrokers(g, layout.brokers, false);
    const card = g.querySelector('[data-entity="broker:2"]')!;
    expect(targetAt(card.querySelector('.broker-name'))).toEqual({ kind: 'broker', id: 2 });
    const kill = card.querySelector('[data-shortcut="k"]')!;
    expect(targetAt(kill.querySelector('text'))).toEqual({
      kind: 'brokerAction',
      action: 'kill',
      broker: 2,
    });
    const row = card.querySelector('[data-entity="replica:orders-0@2"]')!;
    expect(targetAt(row)).toEqual({ kind: 'partition', topic: 'orders', partition: 0 });
    expect(g.querySelector('[data-command], [data-select]')).toBeNull();
  });

  it('the target follows the datum when the join rebinds it', () => {
    const g = svgGroup();
    const join = (ids: number[]) =>
      select(g)
        .selectAll<SVGGElement, { id: number }>('g.item')
        .data(ids.map((id) => ({ id })))
        .join('g')
        .attr('class', 'item');
    bindTarget(join([1]), (d) => ({ kind: 'broker', id: d.id }));
    const el = g.querySelector('g.item')!;
    bindTarget(join([7]), (d) => ({ kind: 'broker', id: d.id }));
    expect(targetAt(el)).toEqual({ kind: 'broker', id: 7 });
  });

  it('compares by value, whatever the key order', () => {
    expect(
      sameTarget(
        { kind: 'record', topic: 'a', partition: 1, offset: 2 },
        JSON.parse('{"offset":2,"partition":1,"topic":"a","kind":"record"}'),
      ),
    ).toBe(true);
    expect(sameTarget({ kind: 'broker', id: 1 }, { kind: 'broker', id: 2 })).toBe(false);
    expect(entityId.replica('orders', 3, 2)).toBe('replica:orders-3@2');
  });
});

describe('brokerStatusFit', () => {
  const dead: Pick<BrokerCard, 'alive' | 'fenced' | 'isController' | 'coordinatorOf'> = {
    alive: false,
    fenced: true,
    isController: false,
    coordinatorOf: ['audit', 'billing'],
  };

  it('keeps the whole line when it fits, counts the groups when not, and never overflows', () => {
    expect(brokerStatusFit(dead, 600)).toBe(brokerStatus(dead));
    expect(brokerStatusFit(dead, 300)).toBe('✕ DOWN · fenced · coord: 2 groups');
    expect(brokerStatusFit(dead, 262)).toBe('✕ DOWN · fenced · coord ×2');
    const cut = brokerStatusFit(dead, 120);
    expect(cut.endsWith('…')).toBe(true);
  });

  it('counts the groups of a broker with nothing else to say without a leading separator', () => {
    const coordinator = {
      alive: true,
      fenced: false,
      isController: false,
      coordinatorOf: ['a-long-group-name'],
    };
    expect(brokerStatusFit(coordinator, 130)).toBe('coord ×1');
    expect(brokerStatusFit(coordinator, 160)).toBe('coord: 1 group');
  });

  it("drops the ✕ (the card is crossed out) before cutting words, at a room's badge size", () => {
    const down = { ...dead, coordinatorOf: [] };
    expect(brokerStatusFit(down, 170, true)).toBe('DOWN · fenced');
    expect(brokerStatusFit(down, 200, true)).toBe('✕ DOWN · fenced');
  });
});
