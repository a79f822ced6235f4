import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { snapshot, type Snapshot } from '../engine';
import { loadScenario, runScenario, type CompiledScenario } from '../scenario';
import { layoutCluster } from './clusterLayout';
import { CELL_FONTS, cellFonts, cellText } from './recordCell';
import { brokersInSummaryFor, fitStage, legible, MIN_COMPACT_CARD_WIDTH } from './stageFit';
import { stripCellWidth } from './stripLane';
import { labelTextWidth, ROOM_MIN_TEXT_PX, textPx } from './textMetrics';

/**
 * A room's text (presenter mode, embeds): never under `ROOM_MIN_TEXT_PX` before the stage
 * scales it, measured by the layout at the size drawn; lessons that never point at a broker
 * count each broker's replicas instead of listing them, so what they do point at is larger.
 */

function lesson(file: string): CompiledScenario {
  const text = readFileSync(new URL(`../../public/scenarios/${file}`, import.meta.url), 'utf8');
  const loaded = loadScenario(text, file);
  if (!loaded.ok) throw new Error(`${file} does not load`);
  return loaded.value;
}

const at = (scenario: CompiledScenario, atMs: number): Snapshot =>
  snapshot(runScenario(scenario, { untilMs: atMs }).world);

/** The presenter's stage at 1280×720, under the caption and announcement bands. */
const STAGE = { width: 1280, height: 606 };

describe("a room's text", () => {
  it('is at least ROOM_MIN_TEXT_PX; the desk keeps its sizes', () => {
    expect(textPx(12, true)).toBe(ROOM_MIN_TEXT_PX);
    expect(textPx(18, true)).toBe(18);
    expect(textPx(12, false)).toBe(12);
    for (const px of Object.values(cellFonts(true)))
      expect(px).toBeGreaterThanOrEqual(ROOM_MIN_TEXT_PX);
    expect(cellFonts(false)).toBe(CELL_FONTS);
  });

  it('reads at 16 px or more at 1280×720 in the densest key moments (lessons 8 and 10)', () => {
    for (const [file, atMs] of [
      ['lesson-08-rebalancing.yaml', 20_000],
      ['lesson-10-broker-failure.yaml', 30_500],
    ] as const) {
      const scenario = lesson(file);
      const fit = fitStage(
        at(scenario, atMs),
        { room: true, hostedRowsOnly: true, brokersInSummary: brokersInSummaryFor(scenario) },
        STAGE,
        { maxScale: 2 },
      );
      expect(legible(fit.layout), file).toBe(true);
      expect(ROOM_MIN_TEXT_PX * fit.scale, file).toBeGreaterThanOrEqual(16);
    }
  });

  it("keeps a key whole in a room's cell where the desk's 44 px cell cuts it", () => {
    const record = { offset: 7, key: 'carol', value: 'checkout-30', headers: [] } as never;
    const log = { records: Array(40).fill(record), startOffset: 0, length: 40 };
    const room = 5 * 47;
    expect(cellText(record, stripCellWidth(log, room, false), false).main).toBe('car…');
    const width = stripCellWidth(log, room, false, cellFonts(true));
    expect(cellText(record, width, false, cellFonts(true)).main).toBe('carol');
    // …and still draws at least four records.
    expect(Math.floor((room + 3) / (width + 3))).toBeGreaterThanOrEqual(4);
  });

  it('shortens a marker label that has no room rather than letting it run out of its strip', () => {
    const s = at(lesson('lesson-08-rebalancing.yaml'), 20_000);
    for (const width of [900, 1280]) {
      const layout = layoutCluster(s, { width, room: true, logsBeside: 470, hostedRowsOnly: true });
      for (const strip of layout.strips)
        for (const m of strip.markers) {
          const textWidth = labelTextWidth(m.text, ROOM_MIN_TEXT_PX) * 1.1;
          const [left, right] =
            m.anchor === 'start' ? [m.x, m.x + 9 + textWidth] : [m.x - 9 - textWidth, m.x];
          expect(left, `${strip.id} ${m.text}`).toBeGreaterThanOrEqual(strip.labelX - 0.5);
          expect(right, `${strip.id} ${m.text}`).toBeLessThanOrEqual(layout.logsWidth + 0.5);
          // The accessible name keeps every word.
          expect(m.label.length).toBeGreaterThanOrEqual(m.text.length);
        }
    }
  });
});

describe('brokers in summary', () => {
  it('for lessons that never point at a broker or a replica and never stop one', () => {
    expect(brokersInSummaryFor(lesson('lesson-04-keys.yaml'))).toBe(true);
    expect(brokersInSummaryFor(lesson('lesson-08-rebalancing.yaml'))).toBe(true);
    // Replication and failure lessons list every replica.
    expect(brokersInSummaryFor(lesson('lesson-10-broker-failure.yaml'))).toBe(false);
    expect(brokersInSummaryFor(lesson('lesson-11-durability.yaml'))).toBe(false);
    expect(brokersInSummaryFor(null)).toBe(false);
    // A scenario without captions is a sandbox: the learner may be about to kill a broker.
    expect(brokersInSummaryFor({ captions: [], commands: [] })).toBe(false);
    expect(
      brokersInSummaryFor({
        captions: [{ focus: ['log:orders-0'] }],
        commands: [{ command: { type: 'killBroker' } }],
      }),
    ).toBe(false);
    expect(
      brokersInSummaryFor({ captions: [{ focus: ['replica:orders-0@2'] }], commands: [] }),
    ).toBe(false);
  });

  it('draws compact cards no narrower than their buttons and counts need', () => {
    const s = at(lesson('lesson-08-rebalancing.yaml'), 20_000);
    const fit = fitStage(s, { room: true, brokersInSummary: true }, STAGE, { maxScale: 2 });
    expect(fit.layout.mode).toBe('compact');
    for (const b of fit.layout.brokers)
      expect(b.width).toBeGreaterThanOrEqual(MIN_COMPACT_CARD_WIDTH);
    const squeezed = layoutCluster(s, {
      width: 640,
      room: true,
      brokersInSummary: true,
      logsBeside: 400,
    });
    expect(legible(squeezed)).toBe(
      squeezed.brokers.every((b) => b.width >= MIN_COMPACT_CARD_WIDTH),
    );
  });
});
