import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PartitionView, Snapshot } from '../engine';
import { createCursor, createWorld, runWithCommands, snapshot } from '../engine';
import { loadScenario, runScenario } from '../scenario';
import { layoutCluster, type LayoutOptions, type LogStrip } from './clusterLayout';
import { layoutLogView } from './logViewLayout';
import { cellText, isTallCell } from './recordCell';
import {
  FOLLOWER_LAG_SHOWN_MS,
  focusedOffsets,
  forgetStripLayouts,
  samePartition,
  stripCellWidth,
} from './stripLane';
import { sameData } from './dom';
import { LESSON_SETUP } from './testSnapshots';
import { lessonSnapshot } from './testSnapshots';

/** A built-in lesson run headless to `atMs`. */
function lessonAt(file: string, atMs: number): Snapshot {
  const text = readFileSync(new URL(`../../public/scenarios/${file}`, import.meta.url), 'utf8');
  const loaded = loadScenario(text, file);
  if (!loaded.ok) throw new Error(`${file} does not load`);
  return snapshot(runScenario(loaded.value, { untilMs: atMs }).world);
}

function activityAt(nowMs: number): NonNullable<LayoutOptions['activity']> {
  return {
    nowMs,
    badgeMs: 4000,
    truncations: [],
    logTrims: [],
    logCleans: [],
    isrRejoins: [],
    revocations: [],
  };
}

const drawnOffsets = (strip: LogStrip) => strip.window.records.map((r) => r.offset);

describe('strips keep the offsets that matter in view', () => {
  it('lesson 5: fred rewinds to offset 0, and offset 0 is drawn, with a gap to the newest', () => {
    const s = lessonAt('lesson-05-positions.yaml', 29_300);
    const strip = layoutCluster(s, { width: 1280 }).strips[0];
    expect(strip.logEndOffset).toBe(27);
    expect(drawnOffsets(strip)).toContain(0);
    expect(drawnOffsets(strip)).toContain(26);
    expect(strip.window.slots.some((x) => x.kind === 'gap')).toBe(true);
    // fred's ▲ sits at offset 0's cell, not clipped at the strip's edge.
    const fred = strip.markers.find((m) => m.consumers.includes('fred'))!;
    expect(fred.position).toBe(0);
    expect(fred.clipped).toBe(false);
    expect(fred.x).toBeCloseTo(strip.cellsX - 1.5);
    // A poll later fred has read offset 0 and stands at 1: the record he read stays drawn.
    const later = layoutCluster(lessonAt('lesson-05-positions.yaml', 29_500), { width: 1280 })
      .strips[0];
    expect(later.markers.find((m) => m.consumers.includes('fred'))?.position).toBe(1);
    expect(drawnOffsets(later).slice(0, 2)).toEqual([0, 1]);
  });

  it('lesson 11: the lost offset 104 is drawn when the loss is explained', () => {
    const s = lessonAt('lesson-11-durability.yaml', 9_500);
    const strip = layoutCluster(s, { width: 1280 }).strips.find((st) => st.id === 'fast-0')!;
    expect(strip.logEndOffset).toBeGreaterThan(104 + strip.window.capacity);
    expect(drawnOffsets(strip)).toContain(104);
    const lost = strip.markers.find((m) => m.kind === 'lost')!;
    expect(lost.clipped).toBe(false);
    const slot = strip.window.slots.findIndex(
      (x) => x.kind === 'record' && x.record.offset === 104,
    );
    expect(lost.x).toBeCloseTo(strip.cellsX + slot * strip.cellPitch - 1.5);
  });

  it("keeps the caption's focus (record:<partition>@<offset>) in view", () => {
    const s = lessonAt('lesson-11-durability.yaml', 20_000);
    const focus = ['broker:2', 'record:safe-0@12', 'record:fast-0@30'];
    const layout = layoutCluster(s, { width: 1280, focus });
    expect(drawnOffsets(layout.strips.find((st) => st.id === 'safe-0')!)).toContain(12);
    expect(drawnOffsets(layout.strips.find((st) => st.id === 'fast-0')!)).toContain(30);
    expect(drawnOffsets(layoutCluster(s, { width: 1280 }).strips[1])).not.toContain(12);
    expect(focusedOffsets(focus)).toEqual(
      new Map([
        ['safe-0', [12]],
        ['fast-0', [30]],
      ]),
    );
  });

  it('pages back through older records, and the markers follow the window', () => {
    const s = lessonAt('lesson-11-durability.yaml', 20_000);
    const follow = layoutCluster(s, { width: 1280 }).strips[0];
    const paged = layoutCluster(s, { width: 1280, logPages: new Map([['fast-0', 40]]) }).strips[0];
    expect(paged.window.toOffset).toBe(40);
    expect(paged.window.newer).toBe(follow.logEndOffset - 40);
    expect(drawnOffsets(paged).at(-1)).toBe(39);
    // The HW is past the window: its line sits on the "newer" control, not on a cell.
    expect(paged.highWatermarkX).toBeGreaterThan(
      paged.cellsX + (paged.window.slots.length - 0.5) * paged.cellPitch,
    );
  });

  it('draws every cell there is room for: wider views draw more', () => {
    const s = lessonAt('lesson-11-durability.yaml', 20_000);
    const narrow = layoutCluster(s, { width: 1024 }).strips[0];
    const wide = layoutCluster(s, { width: 1900 }).strips[0];
    expect(wide.window.slots.length).toBeGreaterThan(narrow.window.slots.length);
    for (const strip of [narrow, wide])
      expect(strip.cellsX + strip.window.capacity * strip.cellPitch).toBeLessThanOrEqual(
        strip.infoX,
      );
  });
});

describe('record cells show values', () => {
  it('lesson 1: the keyless record shows "signed up", in a cell sized to it', () => {
    const s = lessonAt('lesson-01-the-log.yaml', 4_500);
    const strip = layoutCluster(s, { width: 1280 }).strips[0];
    const record = strip.window.records[0];
    expect(record.value).toBe('signed up');
    const text = cellText(record, strip.cellWidth, isTallCell(strip.cellHeight));
    expect(text).toMatchObject({ offset: '0', main: 'signed up', mainKind: 'value' });
  });

  it('lesson 1 at the end: every value of ten records is readable in the cluster view', () => {
    const s = lessonAt('lesson-01-the-log.yaml', 36_000);
    const strip = layoutCluster(s, { width: 1280 }).strips[0];
    expect(strip.window.records).toHaveLength(10);
    const mains = strip.window.records.map((r) => cellText(r, strip.cellWidth, false).main);
    // Short values whole; a long one keeps its start (never cut to its last word, "up").
    for (const v of ['signed up', 'paid', 'refunded', 'app-3']) expect(mains).toContain(v);
    strip.window.records.forEach((r, i) => {
      const shown = mains[i].replace(/…$/, '');
      expect(r.value!.startsWith(shown) || mains[i] === `…${r.value!.split('-').at(-1)}`).toBe(
        true,
      );
    });
    // A wider view has room for all of them.
    const wide = layoutCluster(s, { width: 1600 }).strips[0];
    const all = wide.window.records.map((r) => cellText(r, wide.cellWidth, false).main);
    expect(all).toContain('added to cart');
    expect(all).toContain('signed up again');
  });

  it('the log view shows values in full (never cut to their last word)', () => {
    const s = lessonAt('lesson-01-the-log.yaml', 36_000);
    const strip = layoutLogView(s, { width: 1280 }).strips[0];
    expect(strip.window.records).toHaveLength(10);
    const values = strip.window.records.map((r) => {
      const t = cellText(r, strip.cellWidth, true);
      return [t.value, t.value2].filter(Boolean).join(' ');
    });
    expect(values).toEqual(strip.window.records.map((r) => r.value));
    expect(values).toContain('signed up again');
  });

  it('many records fall back to the default width, and a long log still fills the room', () => {
    const s = lessonAt('lesson-11-durability.yaml', 20_000);
    const strip = layoutCluster(s, { width: 1280 }).strips[0];
    expect(strip.cellWidth).toBe(44);
    expect(strip.window.slots).toHaveLength(strip.window.capacity);
  });

  it('stripCellWidth: content width when all fit, as wide as fits all, else the default', () => {
    const rec = (offset: number, value: string) =>
      ({ offset, key: null, value, headers: [] }) as never;
    const log = (values: string[]) => ({
      records: values.map((v, i) => rec(i, v)),
      startOffset: 0,
      length: values.length,
    });
    const room = 20 * 47;
    expect(stripCellWidth(log(['signed up']), room, false)).toBeGreaterThan(70);
    expect(stripCellWidth(log(['a']), room, false)).toBe(44);
    const ten = stripCellWidth(log(Array(10).fill('a very long value indeed')), room, false);
    expect(ten * 10 + 30).toBeLessThanOrEqual(room + 3);
    expect(stripCellWidth(log(Array(100).fill('a very long value')), room, false)).toBe(44);
    // Tall (log view) cells take what the value needs, whatever the count: 18 characters of
    // 12 px DejaVu Sans Mono (7.2 px each) and 4 px padding either side.
    expect(stripCellWidth(log(Array(100).fill('customer-signed-up')), room, true)).toBe(138);
    // …wrapping a value at a space onto a second line rather than widening.
    expect(stripCellWidth(log(Array(100).fill('a very long value')), room, true)).toBe(80);
  });
});

describe("followers' log end offsets", () => {
  it("lesson 9: the followers' LEO is marked under the leader's log while they lag", () => {
    const s = lessonAt('lesson-09-replication.yaml', 7_500);
    const strip = layoutCluster(s, { width: 1280, activity: activityAt(7_500) }).strips[0];
    const marker = strip.markers.find((m) => m.id.startsWith('follower-'));
    expect(marker?.label).toBe('brokers 2, 3 LEO 0');
    expect(marker?.position).toBe(0);
  });

  it("a fast network's routine lag of a few ms is not marked (no flicker)", () => {
    const s = lessonAt('lesson-11-durability.yaml', 3_000);
    const layout = layoutCluster(s, { width: 1280, activity: activityAt(3_000) });
    expect(FOLLOWER_LAG_SHOWN_MS).toBeGreaterThan(100);
    for (const strip of layout.strips)
      expect(strip.markers.filter((m) => m.id.startsWith('follower-'))).toEqual([]);
  });
});

describe('segments and retention on a strip', () => {
  // 2 records/s into 5-second segments, 20 s retention checked every 5 s; archiver paused at 3 s.
  const RETENTION = `
title: retention
seed: 17
duration: 40s
network: { latency: 50ms, jitter: 0ms }
cluster:
  brokers: 1
  logRetentionCheckInterval: 5s
  topics:
    - { name: clicks, partitions: 1, placement: { startIndex: 0, shift: 0 }, segmentMs: 5s, retentionMs: 20s }
producers:
  - { id: web, topic: clicks, acks: 1 }
consumers:
  - { id: archiver, topic: clicks, from: earliest }
steps:
  - { at: 0s, rate: { producer: web, rate: 2 } }
  - { at: 3s, pauseConsumer: archiver }
`;
  const at = (ms: number) => {
    const loaded = loadScenario(RETENTION, 'retention.yaml');
    if (!loaded.ok) throw new Error('does not load');
    return snapshot(runScenario(loaded.value, { untilMs: ms }).world);
  };

  it('divides the window at segment starts, the active one last; a deletion is marked', () => {
    const s = at(36_000);
    const p = s.topics[0].partitions[0];
    expect(p.logStartOffset).toBe(22);
    const strip = layoutCluster(s, {
      width: 1280,
      activity: {
        ...activityAt(36_000),
        logTrims: [
          {
            atMs: 35_000,
            topic: 'clicks',
            partition: 0,
            fromOffset: 11,
            toOffset: 22,
            segmentBaseOffsets: [11],
            reason: 'retention.ms',
          },
        ],
      },
    }).strips[0];
    const bases = p.log.segmentBaseOffsets;
    expect(bases[0]).toBe(22);
    const inWindow = bases.filter((b) => b > strip.window.fromOffset && b <= strip.window.toOffset);
    expect(strip.segmentMarks.map((m) => m.baseOffset)).toEqual(inWindow);
    expect(strip.segmentMarks.at(-1)).toMatchObject({ baseOffset: bases.at(-1), active: true });
    expect(strip.segmentMarks.filter((m) => m.active)).toHaveLength(1);
    expect(strip.markers.find((m) => m.kind === 'deleted')?.label).toBe(
      'offsets 11–21 deleted (retention.ms)',
    );
    // The paused consumer's position fell below the log start: its records are gone.
    expect(strip.markers.find((m) => m.consumers.includes('archiver'))?.label).toMatch(
      /^archiver @ \d+ · deleted \(log starts at 22\)$/,
    );
  });

  it('a log of one segment (every lesson, with 1 GiB segments) has no divider', () => {
    const s = lessonAt('lesson-05-positions.yaml', 10_000);
    for (const strip of layoutCluster(s, { width: 1280 }).strips)
      expect(strip.segmentMarks).toEqual([]);
  });
});

describe('samePartition', () => {
  const p = lessonSnapshot(4000).topics[0].partitions[0];
  it('tells a view from its copy apart by every field', () => {
    expect(samePartition(p, { ...p, log: { ...p.log, records: [...p.log.records] } })).toBe(false);
    const copy = { ...p, log: { ...p.log }, replicaLogEndOffsets: { ...p.replicaLogEndOffsets } };
    expect(samePartition(p, copy)).toBe(true);
    const changed: Record<keyof PartitionView, PartitionView> = {
      topic: { ...copy, topic: 'other' },
      partition: { ...copy, partition: p.partition + 1 },
      replicas: { ...copy, replicas: [...p.replicas].reverse() },
      leader: { ...copy, leader: p.leader + 1 },
      leaderEpoch: { ...copy, leaderEpoch: p.leaderEpoch + 1 },
      isr: { ...copy, isr: p.isr.slice(1) },
      highWatermark: { ...copy, highWatermark: p.highWatermark + 1 },
      logEndOffset: { ...copy, logEndOffset: p.logEndOffset + 1 },
      logStartOffset: { ...copy, logStartOffset: p.logStartOffset + 1 },
      replicaLogEndOffsets: {
        ...copy,
        replicaLogEndOffsets: { ...p.replicaLogEndOffsets, [p.replicas[0]]: -1 },
      },
      log: { ...copy, log: { ...p.log, length: p.log.length - 1 } },
    };
    // Every field of the view is in the list (a new one must be compared too).
    expect(Object.keys(changed).sort()).toEqual(Object.keys(p).sort());
    for (const [field, view] of Object.entries(changed))
      expect(samePartition(p, view), field).toBe(false);
    expect(samePartition(p, { ...copy, log: { ...p.log, startOffset: 7 } })).toBe(false);
    expect(
      samePartition(p, { ...copy, replicaLogEndOffsets: { ...p.replicaLogEndOffsets, 99: 0 } }),
    ).toBe(false);
  });
});

describe('strips laid out again only when their inputs change', () => {
  // One world played on (its logs are the same arrays from snapshot to snapshot, as in the app).
  const world = createWorld(LESSON_SETUP);
  const cursor = createCursor([
    {
      atMs: 500,
      command: { type: 'setProducerRate', producer: 'checkout', rate: 20, keys: ['a', 'b'] },
    },
  ]);
  const layoutAt = (s: Snapshot) =>
    layoutCluster(s, { width: 1100, activity: activityAt(s.timeMs) });

  it('keeps the strip of a partition whose inputs are unchanged, and is what a fresh layout is', () => {
    runWithCommands(world, cursor, 3000);
    const s = snapshot(world);
    const first = layoutAt(s);
    // The same moment again: the same strips (objects), which the log layer passes over.
    expect(layoutAt(s).strips.every((strip, i) => strip === first.strips[i])).toBe(true);
    let kept = 0;
    let previous = first;
    let now = s;
    for (let ms = 3016; ms < 4000; ms += 16) {
      runWithCommands(world, cursor, ms);
      now = snapshot(world);
      const remembered = layoutAt(now);
      kept += remembered.strips.filter((strip, i) => strip === previous.strips[i]).length;
      previous = remembered;
      forgetStripLayouts();
      expect(sameData(remembered.strips, layoutAt(now).strips), `at ${ms} ms`).toBe(true);
      // The fresh layout is remembered in turn: the next frame starts from it.
      previous = layoutAt(now);
    }
    // Most strips are quiet from one frame to the next.
    expect(kept).toBeGreaterThan(0);
    // A wider picture lays every strip out again.
    const wider = layoutCluster(now, { width: 1300, activity: activityAt(now.timeMs) });
    expect(wider.strips.some((strip, i) => strip === previous.strips[i])).toBe(false);
    // Both widths are remembered (the cluster view may lay a frame out at two).
    expect(layoutAt(now).strips.every((strip, i) => strip === previous.strips[i])).toBe(true);
    const widerAgain = layoutCluster(now, { width: 1300, activity: activityAt(now.timeMs) });
    expect(widerAgain.strips.every((strip, i) => strip === wider.strips[i])).toBe(true);
    // Another run's partitions of the same names: what was remembered from this run's logs
    // is let go (it would hold them), so this run's strips are laid out again.
    layoutCluster(lessonSnapshot(3_000), { width: 1100, activity: activityAt(3_000) });
    const after = layoutAt(now);
    expect(after.strips.some((strip, i) => strip === previous.strips[i])).toBe(false);
    expect(sameData(after.strips, previous.strips)).toBe(true);
  });
});
