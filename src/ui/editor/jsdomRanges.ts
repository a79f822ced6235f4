/**
 * jsdom has no layout: its Range lacks getClientRects and getBoundingClientRect, which
 * CodeMirror calls when it measures the text after an update. Empty rectangles let the
 * editor run in unit tests (what is on screen is the browser tests' part). Tests only.
 */
export function giveRangesEmptyRects(): void {
  const proto = Range.prototype as Partial<Range>;
  const empty = (): DOMRect => new DOMRect(0, 0, 0, 0);
  proto.getClientRects ??= () =>
    ({
      length: 0,
      item: () => null,
      [Symbol.iterator]: [][Symbol.iterator],
    }) as unknown as DOMRectList;
  proto.getBoundingClientRect ??= empty;
}
