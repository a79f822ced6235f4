import type { StreamsQueryView } from '../engine';

type SubTopology = StreamsQueryView['topology'][number];
type TopologyNode = SubTopology['nodes'][number];

/**
 * A query's topology as `Topology#describe()` lists it: per sub-topology its nodes in order,
 * each source and sink with its topics named by what they are to the application (the input,
 * the repartition topic, the sink) and each store with its changelog topic. Pure: the
 * processing view draws it as lists, and its summary is the diagram's accessible text.
 */

/** What a topic is to the application. */
export type TopicRole = 'source' | 'repartition' | 'changelog' | 'sink';

export interface TopologyTopic {
  readonly name: string;
  readonly role: TopicRole;
}

export interface TopologyStore {
  readonly name: string;
  /** The store's changelog topic (`<applicationId>-<store>-changelog`), if it has one. */
  readonly changelog: TopologyTopic | null;
}

export interface TopologyRow {
  readonly name: string;
  readonly kind: TopologyNode['kind'];
  /** Source: the topics it reads; sink: the topic it writes. */
  readonly topics: readonly TopologyTopic[];
  readonly stores: readonly TopologyStore[];
  /** Whether the row below is one of its successors (an arrow joins them). */
  readonly flowsToNext: boolean;
  /** Successors other than the row below (a branch, as `describe()` lists after "-->"). */
  readonly alsoTo: readonly string[];
}

export interface TopologyBox {
  readonly id: number;
  readonly title: string;
  readonly rows: readonly TopologyRow[];
  /** It holds a state store: its tasks have state to restore when they move. */
  readonly stateful: boolean;
}

type QueryTopics = Pick<
  StreamsQueryView,
  'topology' | 'sinkTopic' | 'repartitionTopic' | 'changelogTopic' | 'storeName'
>;

export function topologyBoxes(query: QueryTopics): TopologyBox[] {
  const roleOf = (name: string, kind: TopologyNode['kind']): TopicRole => {
    if (name === query.repartitionTopic) return 'repartition';
    if (name === query.sinkTopic) return 'sink';
    return kind === 'sink' ? 'sink' : 'source';
  };
  const storeOf = (name: string): TopologyStore => ({
    name,
    changelog:
      name === query.storeName && query.changelogTopic !== null
        ? { name: query.changelogTopic, role: 'changelog' }
        : null,
  });
  return query.topology.map((sub) => ({
    id: sub.id,
    title: `Sub-topology ${sub.id}`,
    stateful: sub.nodes.some((n) => n.stores.length > 0),
    rows: sub.nodes.map((node, i): TopologyRow => {
      const next = sub.nodes[i + 1]?.name;
      return {
        name: node.name,
        kind: node.kind,
        topics: node.topics.map((t) => ({ name: t, role: roleOf(t, node.kind) })),
        stores: node.stores.map(storeOf),
        flowsToNext: next !== undefined && node.successors.includes(next),
        alsoTo: node.successors.filter((s) => s !== next),
      };
    }),
  }));
}

/** Sub-topology ids that hold a state store (a task `1_3` is stateful when 1 is among them). */
export function statefulSubtopologies(topology: readonly SubTopology[]): Set<number> {
  return new Set(topology.filter((s) => s.nodes.some((n) => n.stores.length > 0)).map((s) => s.id));
}

/** The sub-topology of a task id `1_3` (Kafka's `TaskId` text: sub-topology, partition). */
export function subtopologyOfTask(taskId: string): number {
  return Number.parseInt(taskId.slice(0, taskId.indexOf('_')), 10);
}

/**
 * The topology in a sentence per sub-topology, for screen readers: "Sub-topology 0: source
 * KSTREAM-SOURCE-0000000000 reads authorization_attempts, then …; sink … writes …".
 */
export function topologySummary(boxes: readonly TopologyBox[]): string {
  return boxes
    .map((box) => {
      const steps = box.rows.map((r) => {
        const topics = r.topics.map((t) => `${t.name} (${t.role})`).join(', ');
        const stores = r.stores
          .map(
            (s) =>
              `store ${s.name}${s.changelog === null ? '' : ` (changelog ${s.changelog.name})`}`,
          )
          .join(', ');
        const verb = r.kind === 'source' ? ' reads ' : r.kind === 'sink' ? ' writes ' : '';
        return `${r.kind} ${r.name}${topics === '' ? '' : verb + topics}${stores === '' ? '' : ` with ${stores}`}`;
      });
      return `${box.title}: ${steps.join('; ')}.`;
    })
    .join(' ');
}

/** One step of the topology at a glance: a topic, or what a sub-topology does. */
export type FlowStep =
  | { readonly kind: 'topic'; readonly topic: TopologyTopic }
  | {
      readonly kind: 'work';
      readonly subtopology: number;
      /** What it does, in the words the lessons use: "re-key", "aggregate", "HAVING", "project". */
      readonly label: string;
      /** The store it keeps (with its changelog), if any. */
      readonly store: TopologyStore | null;
    };

/**
 * The topology at a glance, as the lessons draw it: input → re-key → repartition →
 * aggregate [store ⇄ changelog] → HAVING → sink. Each sub-topology reads its source topics and
 * does its work; a topic another sub-topology wrote is not repeated.
 */
export function topologyFlow(query: QueryTopics): FlowStep[] {
  const boxes = topologyBoxes(query);
  const steps: FlowStep[] = [];
  const shown = new Set<string>();
  const topic = (t: TopologyTopic) => {
    if (shown.has(t.name)) return;
    shown.add(t.name);
    steps.push({ kind: 'topic', topic: t });
  };
  for (const box of boxes) {
    for (const row of box.rows) if (row.kind === 'source') row.topics.forEach(topic);
    const names = box.rows.map((r) => r.name);
    const store = box.rows.flatMap((r) => r.stores)[0] ?? null;
    const writesRepartition = box.rows.some(
      (r) => r.kind === 'sink' && r.topics.some((t) => t.role === 'repartition'),
    );
    if (writesRepartition)
      steps.push({ kind: 'work', subtopology: box.id, label: 're-key', store: null });
    else if (store !== null)
      steps.push({ kind: 'work', subtopology: box.id, label: 'aggregate', store });
    else steps.push({ kind: 'work', subtopology: box.id, label: 'project', store: null });
    if (names.some((n) => n.includes('HavingFilter')))
      steps.push({ kind: 'work', subtopology: box.id, label: 'HAVING', store: null });
    for (const row of box.rows) if (row.kind === 'sink') row.topics.forEach(topic);
  }
  return steps;
}
