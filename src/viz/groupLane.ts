import type { ConsumerView, GroupView, StreamsAppView, StreamsTaskView } from '../engine';
import { labelTextWidth, textPx } from './textMetrics';
import {
  MEMBER_COLOR_COUNT,
  ROOM_SIZES,
  SIZES,
  type LayoutInput,
  type ConsumerNode,
  type GroupBox,
  type RecentActivity,
} from './layoutTypes';

/** The groups' lane: each consumer group boxed with its members, on the right. */

/** Consumer id → palette slot, by the order consumers joined the run (stable as others leave). */
export function memberColors(consumers: readonly Pick<ConsumerView, 'id'>[]): Map<string, number> {
  return new Map(consumers.map((c, i) => [c.id, i % MEMBER_COLOR_COUNT]));
}

/**
 * A member's status lines: what it does (crashed, paused, rebalancing, its partitions) and,
 * during a rebalance, what it still reads (cooperative) and what it gave up: eager members give
 * up everything and read nothing ("revoked — paused"); cooperative members keep reading what
 * stays with them and only the moved partitions pause.
 */
export function memberLines(
  c: ConsumerView,
  partitions: readonly string[],
  idle: boolean,
  revoked: readonly string[],
  rebalanceProtocol: 'eager' | 'cooperative' | null,
): string[] {
  if (!c.alive) return ['crashed'];
  if (c.stalled) return ['not polling'];
  if (c.paused) return [...pausedLines(c, partitions)];
  const rebalancing = c.group !== null && c.phase !== 'stable';
  const lines: string[] = [];
  if (revoked.length > 0 && partitions.length === 0)
    lines.push(rebalanceProtocol === 'cooperative' ? '❚❚ revoked (moving)' : '❚❚ revoked — paused');
  else if (rebalancing && partitions.length > 0) lines.push(`▶ ${partitions.join(' ')}`);
  else if (rebalancing) lines.push(c.phase === 'idle' ? 'not in group' : `${c.phase}…`);
  else if (idle) lines.push('idle: no partitions');
  else lines.push(partitions.length === 0 ? 'no partitions' : partitions.join(' '));
  if (revoked.length > 0) {
    if (partitions.length === 0) lines.push(revoked.join(' '));
    else
      lines.push(
        `❚❚ ${rebalanceProtocol === 'cooperative' ? 'moving' : 'revoked'}: ${revoked.join(' ')}`,
      );
  }
  return lines;
}

/**
 * A member under pause(): the partitions pause() holds read nothing, the rest (assigned since,
 * which Kafka does not pause) read on.
 */
function pausedLines(c: ConsumerView, partitions: readonly string[]): string[] {
  const held = new Set(c.pausedPartitions.map((tp) => `${tp.topic}-${tp.partition}`));
  const paused = partitions.filter((p) => held.has(p));
  const reading = partitions.filter((p) => !held.has(p));
  const lines = [paused.length === 0 ? '❚❚ paused: nothing held' : `❚❚ paused ${paused.join(' ')}`];
  if (reading.length > 0) lines.push(`▶ ${reading.join(' ')}`);
  return lines;
}

/** A streams application's query whose consumer group this is (group id = application.id). */
export interface StreamsGroup {
  readonly app: StreamsAppView;
  readonly query: StreamsAppView['queries'][number];
}

/** The streams application and query behind each group id, for groups that are one. */
export function streamsGroups(streams: readonly StreamsAppView[]): Map<string, StreamsGroup> {
  const byGroup = new Map<string, StreamsGroup>();
  for (const app of streams)
    for (const query of app.queries) byGroup.set(query.applicationId, { app, query });
  return byGroup;
}

/**
 * The tasks a member runs: its consumer is its instance's client for the query, named as the
 * instance (`fraud-1`) when the application has one query, else `<instance>.<queryId>`.
 */
export function memberTasks(consumerId: string, sg: StreamsGroup): StreamsTaskView[] {
  const instance = sg.app.instances.find(
    (i) => consumerId === i.id || consumerId === `${i.id}.${sg.query.queryId}`,
  );
  if (instance === undefined) return [];
  return sg.query.tasks.filter((t) => t.instance === instance.id);
}

/** Members with more tasks than this get a count line as well as the ids (which may be cut). */
const TASK_IDS_SHOWN = 6;

/**
 * A streams member's status lines: its tasks ("tasks 0_1 0_3 1_1 1_3") rather than its
 * partitions, and a count line ("6 tasks, 2 restoring") when some are not running or the ids
 * are many. A dead instance stays in the group until its session times out (Kafka Streams
 * sends no LeaveGroup), its tasks waiting: the card says so.
 */
export function streamsMemberLines(
  c: Pick<ConsumerView, 'alive' | 'paused' | 'stalled' | 'group' | 'phase'>,
  tasks: readonly Pick<StreamsTaskView, 'id' | 'state'>[],
  stillMember: boolean,
): string[] {
  if (!c.alive)
    return stillMember ? ['instance down', 'member until session timeout'] : ['instance down'];
  if (c.stalled) return ['not polling'];
  if (c.paused) return ['paused'];
  const lines: string[] = [];
  if (c.group !== null && c.phase !== 'stable') lines.push(`${c.phase}…`);
  if (tasks.length === 0) {
    lines.push('no tasks');
    return lines;
  }
  lines.push(`tasks ${tasks.map((t) => t.id).join(' ')}`);
  const waiting = (['RESTORING', 'SUSPENDED'] as const)
    .map((state) => [state, tasks.filter((t) => t.state === state).length] as const)
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${n} ${state.toLowerCase()}`);
  if (waiting.length > 0 || tasks.length > TASK_IDS_SHOWN)
    lines.push([`${tasks.length} task${tasks.length === 1 ? '' : 's'}`, ...waiting].join(', '));
  return lines;
}

/**
 * Each group boxed with its members; consumers without a group in a box of their own. A lane
 * wide enough for two or more boxes side by side (`SIZES.groupMinWidth`) lays them out in
 * columns, each box going to the shortest column, so a wide picture is not a tall one.
 */
export function layoutGroups(
  consumers: readonly ConsumerView[],
  groups: readonly GroupView[],
  colorOf: Map<string, number>,
  x: number,
  top: number,
  width: number,
  activity: RecentActivity | null,
  /** Boxes go side by side once each can be this wide (a room's are narrower). */
  groupMinWidth: number = SIZES.groupMinWidth,
  /** Streams applications: their groups' members list tasks, the box names the application. */
  streams: readonly StreamsAppView[] = [],
): GroupBox[] {
  const apps = streamsGroups(streams);
  const byId = new Map(consumers.map((c) => [c.id, c]));
  const grouped = new Set(groups.map((g) => g.id));
  const loose = consumers.filter((c) => c.group === null || !grouped.has(c.group));
  const count = groups.length + (loose.length > 0 ? 1 : 0);
  const { groupGap, groupMaxWidth } = SIZES;
  const columns = Math.max(
    1,
    Math.min(count, Math.floor((width + groupGap) / (groupMinWidth + groupGap))),
  );
  const boxWidth = Math.min(
    columns === 1 ? width : groupMaxWidth,
    (width - (columns - 1) * groupGap) / columns,
  );
  const bottoms = Array.from({ length: columns }, () => top);
  const boxes: GroupBox[] = [];
  const place = (id: string, group: GroupView | null, members: ConsumerView[]): void => {
    const column = bottoms.indexOf(Math.min(...bottoms));
    const y = bottoms[column];
    const boxX = x + column * (boxWidth + groupGap);
    const header = SIZES.groupHeaderHeight;
    let memberY = y + header;
    const nodes: ConsumerNode[] = members.map((c) => {
      const partitions = c.assignment.map((tp) => `${tp.topic}-${tp.partition}`);
      const idle = c.alive && c.group !== null && c.phase === 'stable' && partitions.length === 0;
      const revoked = (activity?.revocations ?? [])
        .filter((r) => r.group === c.group && r.member === c.id && r.movedTo === null)
        .map((r) => r.partition);
      const protocol = group?.rebalanceProtocol ?? null;
      const sg = group === null ? undefined : apps.get(group.id);
      const tasks = sg === undefined ? undefined : memberTasks(c.id, sg);
      const lines =
        sg === undefined || tasks === undefined
          ? memberLines(c, partitions, idle, revoked, protocol)
          : streamsMemberLines(c, tasks, group?.members.some((m) => m.id === c.id) ?? false);
      const height = SIZES.consumerHeight + (lines.length - 1) * SIZES.memberLineHeight;
      const node = {
        id: c.id,
        consumer: c,
        colorIndex: colorOf.get(c.id) ?? 0,
        partitions,
        idle,
        revoked,
        rebalanceProtocol: protocol,
        lines,
        ...(tasks === undefined ? {} : { tasks: tasks.map((t) => t.id) }),
        x: boxX + 8,
        y: memberY,
        width: boxWidth - 16,
        height,
      };
      memberY += height + 6;
      return node;
    });
    const height = Math.max(memberY, y + header + SIZES.consumerHeight + 6) - y + 4;
    const app = group === null ? undefined : apps.get(group.id)?.app.id;
    boxes.push({
      id,
      group,
      members: nodes,
      ...(app === undefined ? {} : { streamsApp: app }),
      x: boxX,
      y,
      width: boxWidth,
      height,
    });
    bottoms[column] = y + height + groupGap;
  };
  for (const g of groups) {
    // Members the coordinator knows, then the group's consumers still finding their way in.
    const known = g.members.map((m) => byId.get(m.id)).filter((c) => c !== undefined);
    const others = consumers.filter(
      (c) => c.group === g.id && !g.members.some((m) => m.id === c.id),
    );
    place(g.id, g, [...known, ...others]);
  }
  if (loose.length > 0) place('', null, loose);
  return boxes;
}

/** The assignor line's font (app.css `.group-protocol`): the widest line of a group's header. */
const GROUP_PROTOCOL_PX = 13;

/**
 * A room's narrowest group box: `ROOM_SIZES.groupMinWidth`, or wider where a group's assignor
 * line ("cooperative-sticky · cooperative") needs it, so the line the rebalancing lessons
 * teach is never cut.
 */
export function roomGroupMinWidth(s: Pick<LayoutInput, 'groups'>): number {
  let widest: number = ROOM_SIZES.groupMinWidth;
  for (const g of s.groups ?? [])
    widest = Math.max(
      widest,
      Math.ceil(labelTextWidth(groupProtocolLine(g), textPx(GROUP_PROTOCOL_PX, true))) + 24,
    );
  return widest;
}

/** "range · eager", "cooperative-sticky · cooperative": a group box's assignor line. */
export function groupProtocolLine(g: Pick<GroupView, 'protocol' | 'rebalanceProtocol'>): string {
  return [g.protocol ?? 'no assignor yet', g.rebalanceProtocol ?? ''].filter(Boolean).join(' · ');
}
