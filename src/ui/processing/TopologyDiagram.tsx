import { useId } from 'react';
import { useAppStore } from '../../store';
import {
  topologyBoxes,
  topologyFlow,
  topologySummary,
  type FlowStep,
  type TopologyBox,
  type TopologyRow,
  type TopologyTopic,
} from '../../viz';
import type { ProcessingPartProps } from './types';
import './topology.css';

/** What each role of topic is called beside its name. */
const ROLE_WORDS: Record<TopologyTopic['role'], string> = {
  source: 'input',
  repartition: 'repartition',
  changelog: 'changelog',
  sink: 'sink',
};

/**
 * The query's topology: at a glance (input → re-key → repartition → aggregate [store] →
 * HAVING → sink), and, on demand, as `Topology#describe()` lists it: a box per sub-topology with
 * its nodes in order, each store beside its processor with its changelog topic. Topic names
 * are the real ones and open the log view there.
 */
export function TopologyDiagram({ query }: ProcessingPartProps) {
  const id = useId();
  const boxes = topologyBoxes(query);
  const nodes = boxes.reduce((n, b) => n + b.rows.length, 0);
  return (
    <section className="topology" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} className="topology-title">
        Topology <span className="muted">({query.queryId})</span>
      </h3>
      <p className="visually-hidden">{topologySummary(boxes)}</p>
      <ol className="topology-flow" aria-hidden="true">
        {topologyFlow(query).map((step, i) => (
          <FlowChip key={i} step={step} />
        ))}
      </ol>
      <details className="topology-describe">
        <summary>
          All {nodes} nodes, as <code>Topology#describe()</code> lists them
        </summary>
        <div className="topology-boxes">
          {boxes.map((box) => (
            <SubtopologyBox key={box.id} box={box} />
          ))}
        </div>
      </details>
    </section>
  );
}

/** A step of the topology at a glance: a topic (a link to its log) or a sub-topology's work. */
function FlowChip({ step }: { step: FlowStep }) {
  if (step.kind === 'topic')
    return (
      <li className="flow-step flow-topic">
        <TopicLink topic={step.topic} short />
      </li>
    );
  return (
    <li className="flow-step">
      <span
        className={`flow-work${step.store === null ? '' : ' stateful'}`}
        title={`Sub-topology ${step.subtopology}`}
      >
        <span className="flow-sub">{step.subtopology}</span>
        {step.label}
        {step.store !== null && (
          <span className="flow-store">
            <span aria-hidden="true">⛁</span> store
          </span>
        )}
      </span>
    </li>
  );
}

function SubtopologyBox({ box }: { box: TopologyBox }) {
  return (
    <section
      className={box.stateful ? 'topology-box stateful' : 'topology-box'}
      aria-label={box.title}
      data-subtopology={box.id}
    >
      <h4 className="topology-box-title">
        {box.title}
        {box.stateful && (
          <span className="topology-stateful" title="Holds a state store: its tasks are stateful">
            {' '}
            <span aria-hidden="true">⛁</span> stateful
          </span>
        )}
      </h4>
      <ol className="topology-nodes">
        {box.rows.map((row) => (
          <NodeRow key={row.name} row={row} />
        ))}
      </ol>
    </section>
  );
}

function NodeRow({ row }: { row: TopologyRow }) {
  const sinkOut = row.kind === 'sink' && row.topics.some((t) => t.role === 'sink');
  return (
    <li
      className={`topology-node ${row.kind}${sinkOut ? ' final' : ''}${row.flowsToNext ? ' flows' : ''}`}
      data-node={row.name}
    >
      <span className="topology-kind">{row.kind}</span>{' '}
      <span className="topology-name">{row.name}</span>
      {row.topics.length > 0 && (
        <span className="topology-topics">
          <span aria-hidden="true">{row.kind === 'source' ? '←' : '→'}</span>
          {row.topics.map((t) => (
            <TopicLink key={t.name} topic={t} />
          ))}
        </span>
      )}
      {row.stores.map((s) => (
        <span key={s.name} className="topology-store">
          <span aria-hidden="true">⛁</span> store [{s.name}]
          {s.changelog !== null && (
            <>
              {' '}
              ⇄ <TopicLink topic={s.changelog} />
            </>
          )}
        </span>
      ))}
      {row.alsoTo.length > 0 && (
        <span className="topology-branch muted"> also → {row.alsoTo.join(', ')}</span>
      )}
    </li>
  );
}

/** A topic's real name; a click shows its first partition in the log view (internal ones too). */
function TopicLink({ topic, short = false }: { topic: TopologyTopic; short?: boolean }) {
  const select = useAppStore((s) => s.select);
  const setView = useAppStore((s) => s.setView);
  const setShowInternal = useAppStore((s) => s.setShowInternal);
  const internal = topic.role === 'repartition' || topic.role === 'changelog';
  return (
    <button
      type="button"
      className={`topology-topic ${topic.role}`}
      data-topic={topic.name}
      title={`${ROLE_WORDS[topic.role]} topic: show it in the log view`}
      onClick={() => {
        if (internal) setShowInternal(true);
        select({ kind: 'partition', topic: topic.name, partition: 0 });
        setView('log');
      }}
    >
      <span className="topology-role">{ROLE_WORDS[topic.role]}</span> [
      {short && internal ? shortInternalName(topic.name) : topic.name}]
    </button>
  );
}

/**
 * An internal topic's name without the application id it starts with (`…-Aggregate-GroupBy-
 * repartition`): at a glance the part that says what it is; the full name is in the list below.
 */
function shortInternalName(name: string): string {
  const at = name.indexOf('-', name.indexOf('query_'));
  return at < 0 ? name : `…${name.slice(at)}`;
}
