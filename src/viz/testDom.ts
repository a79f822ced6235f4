/** Test helpers for the layers' DOM (jsdom): a group to draw into, and what a draw changes. */

/** An SVG `<g>` in an `<svg>` in the document. */
export function svgGroup(): SVGGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  const g = document.createElementNS('http://www.w3.org/2000/svg', 'g');
  svg.appendChild(g);
  document.body.appendChild(svg);
  return g;
}

/** The DOM mutation records `draw` makes under `root` (a redraw that changes nothing makes none). */
export async function mutationRecords(root: Element, draw: () => void): Promise<MutationRecord[]> {
  const records: MutationRecord[] = [];
  const observer = new MutationObserver((r) => records.push(...r));
  observer.observe(root, { subtree: true, attributes: true, childList: true, characterData: true });
  draw();
  await Promise.resolve();
  records.push(...observer.takeRecords());
  observer.disconnect();
  return records;
}
