import { useId } from 'react';
import { useAppStore } from '../../store';
import {
  topologyBoxes,
  topologySummary,
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
 * The query's topology as `Topology#describe()` lists it: a box per sub-topology with its
 * nodes in order, source [topic] → processors → sink [topic], each store beside its processor
 * with its changelog topic. Topic names are the real ones and open the log view there.
 */
export function TopologyDiagram({ query }: ProcessingPartProps) {
  const id = useId();
  const boxes = topologyBoxes(query);
  return (
    <section className="topology" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} className="topology-title">
        Topology <span className="muted">({query.queryId})</span>
      </h3>
      <p className="visually-hidden">{topologySummary(boxes)}</p>
      <div className="topology-boxes">
        {boxes.map((box) => (
          <SubtopologyBox key={box.id} box={box} />
        ))}
      </div>
    </section>
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
function TopicLink({ topic }: { topic: TopologyTopic }) {
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
      <span className="topology-role">{ROLE_WORDS[topic.role]}</span> [{topic.name}]
    </button>
  );
}
