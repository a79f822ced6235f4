import type { Snapshot } from '../engine';
import { drawBrokers } from './brokerLayer';
import type { ClusterLayout } from './clusterLayout';
import { drawConsumers } from './consumerLayer';
import { drawFlights } from './flightLayer';
import { drawLabels } from './labelsLayer';
import { drawLogs } from './logLayer';
import { drawProducers } from './producerLayer';

export interface SceneOptions {
  /** False under prefers-reduced-motion: state only, no records in flight. */
  showFlights: boolean;
}

export interface ClusterScene {
  render(layout: ClusterLayout, s: Snapshot, options: SceneOptions): void;
}

const LAYERS = ['labels', 'producers', 'consumers', 'brokers', 'logs', 'flights'] as const;

/** One `<g>` per layer inside `root`, drawn in this order (flights on top). */
export function createClusterScene(root: SVGGElement): ClusterScene {
  const groups = {} as Record<(typeof LAYERS)[number], SVGGElement>;
  for (const name of LAYERS) {
    const g = root.ownerDocument.createElementNS('http://www.w3.org/2000/svg', 'g');
    g.setAttribute('class', `layer layer-${name}`);
    root.appendChild(g);
    groups[name] = g;
  }
  return {
    render(layout, s, options) {
      drawLabels(groups.labels, layout);
      drawProducers(groups.producers, layout.producers);
      drawConsumers(groups.consumers, layout.consumers);
      drawBrokers(groups.brokers, layout.brokers);
      drawLogs(groups.logs, layout.strips, layout.recordsPerStrip);
      drawFlights(groups.flights, options.showFlights ? s.flights : [], s.timeMs, layout);
    },
  };
}
