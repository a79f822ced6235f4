import { padEndVisible, padStartVisible, visibleLength } from './style.ts';

export type Align = 'left' | 'right';

/** A plain text table: one header row, columns padded to their widest cell, two spaces apart. */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Align[] = [],
  indent = '',
): string[] {
  const widths = headers.map((h, i) =>
    Math.max(visibleLength(h), ...rows.map((r) => visibleLength(r[i] ?? ''))),
  );
  const line = (cells: readonly string[]) =>
    indent +
    cells
      .map((cell, i) =>
        align[i] === 'right' ? padStartVisible(cell, widths[i]) : padEndVisible(cell, widths[i]),
      )
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)];
}
