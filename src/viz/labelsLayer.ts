import { select } from 'd3-selection';
import type { ClusterLayout } from './clusterLayout';
import { setAttr, setText } from './dom';
import { fitText } from './textMetrics';

interface SectionLabel {
  id: string;
  text: string;
  x: number;
  y: number;
}

/** Section headings: Producers, Brokers, Consumer groups, Partition logs (with a one-line key). */
export function drawLabels(g: SVGGElement, layout: ClusterLayout): void {
  const { columns, logsY } = layout;
  const labelY = columns.topY - 8;
  const labels: SectionLabel[] = [
    { id: 'producers', text: 'Producers', x: columns.producersX, y: labelY },
    {
      id: 'brokers',
      text: fitText(
        layout.mode === 'detailed'
          ? layout.room
            ? 'Brokers  ★ leader  ○ follower  ◌ not in ISR  ✕ offline  n = LEO'
            : 'Brokers  ★ leader  ○ follower  ◌ not in ISR  ✕ offline'
          : `Brokers (${layout.brokers.length}; replicas counted per broker)`,
        // Up to the next lane: the groups, the logs beside the cluster, or the edge.
        (columns.groupsWidth > 0 && columns.groupsTopY === columns.topY
          ? columns.consumersX
          : layout.logsX > 0
            ? layout.logsX
            : layout.width - columns.producersX) -
          columns.brokersX -
          16,
        14 * 1.12,
      ),
      x: columns.brokersX,
      y: columns.brokersTopY - 8,
    },
    {
      id: 'consumers',
      text: columns.groupsWidth === 0 ? '' : 'Consumer groups',
      x: columns.consumersX,
      y: columns.groupsTopY - 8,
    },
    {
      id: 'logs',
      text: fitText(
        "Partition logs (leader's copy), oldest → newest  ·  ┃ HW = high watermark  ·  dashed = not yet readable  ·  ▲ position  ■ committed",
        layout.logsWidth - 2 * columns.producersX,
        14 * 1.12,
      ),
      x: layout.logsX + columns.producersX,
      y: logsY + 8,
    },
  ];
  if (layout.stripsOmitted > 0) {
    const last = layout.strips[layout.strips.length - 1];
    labels.push({
      id: 'omitted',
      text: `… and ${layout.stripsOmitted} more partitions (logs not drawn; select one to inspect it)`,
      x: layout.logsX + columns.producersX,
      y: (last ? last.y + last.height : logsY + 40) + 16,
    });
  }
  const text = select(g)
    .selectAll<SVGTextElement, SectionLabel>('text.section-label')
    .data(labels, (d) => d.id)
    .join((enter) => enter.append('text').attr('class', 'section-label'));
  setAttr(text, 'x', (d) => d.x);
  setAttr(text, 'y', (d) => d.y);
  setText(text, (d) => d.text);
}
