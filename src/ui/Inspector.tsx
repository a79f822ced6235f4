import type { ReactNode } from 'react';
import { findPartition, own, recordAtOffset, type LogRecord, type Snapshot } from '../engine';
import { useAppStore, type Selection } from '../store';
import { ConsumerButtons } from './ActionsPanel';
import { formatVirtualTime } from './describeEvent';
import { ModelNotes } from './ModelNotes';
import { partitionCountAt } from './partitionCount';
import { WhyPartition } from './WhyPartition';

/** What the viewer selected, in detail: the model's state, and for a record why it is where it is. */
export default function Inspector() {
  const selection = useAppStore((s) => s.selection);
  const snapshot = useAppStore((s) => s.snapshot);
  const select = useAppStore((s) => s.select);
  if (snapshot === null) return null;
  if (selection === null)
    return (
      <>
        <p className="muted inspector-empty">
          Click (or focus and press Enter on) a record, a partition, a broker, a group or a consumer
          to inspect it. In a log strip, ←/→ move between records.
        </p>
        <ModelNotes />
      </>
    );
  return (
    <section className="inspector" aria-label="Inspector">
      <div className="inspector-bar">
        <button type="button" className="button small" onClick={() => select(null)}>
          Clear
        </button>
      </div>
      <Details selection={selection} s={snapshot} />
    </section>
  );
}

function Details({ selection, s }: { selection: Selection; s: Snapshot }) {
  switch (selection.kind) {
    case 'record':
      return (
        <RecordDetails
          s={s}
          topic={selection.topic}
          partition={selection.partition}
          offset={selection.offset}
        />
      );
    case 'partition':
      return <PartitionDetails s={s} topic={selection.topic} partition={selection.partition} />;
    case 'lost':
      return <LostDetails s={s} topic={selection.topic} partition={selection.partition} />;
    case 'broker':
      return <BrokerDetails s={s} id={selection.id} />;
    case 'group':
      return <GroupDetails s={s} id={selection.id} />;
    case 'consumer':
      return <ConsumerDetails s={s} id={selection.id} />;
    case 'producer':
      return <ProducerDetails s={s} id={selection.id} />;
  }
}

function Facts({ rows }: { rows: readonly [string, ReactNode][] }) {
  return (
    <dl className="facts">
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Link({ to, children }: { to: Selection; children: ReactNode }) {
  const select = useAppStore((s) => s.select);
  return (
    <button type="button" className="link" onClick={() => select(to)}>
      {children}
    </button>
  );
}

function recordAt(s: Snapshot, topic: string, partition: number, offset: number): LogRecord | null {
  const p = findPartition(s, topic, partition);
  if (p === undefined) return null;
  return recordAtOffset(p.log, offset) ?? null;
}

/** Why an offset has no record: deleted with its segment, or never written yet. */
function whyNotInLog(s: Snapshot, topic: string, partition: number, offset: number): string {
  const p = findPartition(s, topic, partition);
  const config = s.topics.find((t) => t.name === topic)?.config;
  if (p === undefined || config === undefined) return "This offset is not in the partition's log.";
  if (offset >= p.logEndOffset)
    return `Not written yet: the log ends at offset ${p.logEndOffset} (the next record's offset).`;
  if (offset < p.logStartOffset) {
    const limits = [
      config.retentionMs >= 0 ? `retention.ms ${formatMs(config.retentionMs)}` : null,
      config.retentionBytes >= 0 ? `retention.bytes ${config.retentionBytes}` : null,
    ].filter((x) => x !== null);
    return (
      `Deleted: the log now starts at offset ${p.logStartOffset}. Kafka deletes old records a whole ` +
      `closed segment at a time, once the segment's newest record is older than retention.ms or ` +
      `the log is larger than retention.bytes` +
      (limits.length > 0 ? ` (this topic: ${limits.join(', ')}).` : '.')
    );
  }
  if (config.cleanupPolicy !== 'delete')
    return (
      'Removed by the log cleaner: this topic is compacted (cleanup.policy ' +
      `${config.cleanupPolicy}), which keeps the latest record of each key. A later record ` +
      'with the same key replaced this one, or it was a tombstone past delete.retention.ms. ' +
      'Offsets are never renumbered: the log keeps a hole here.'
    );
  return "This offset is not in the partition's log (any more).";
}

function formatMs(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}

function RecordDetails({
  s,
  topic,
  partition,
  offset,
}: {
  s: Snapshot;
  topic: string;
  partition: number;
  offset: number;
}) {
  const changes = useAppStore((st) => own(st.partitionCountChanges, topic));
  const record = recordAt(s, topic, partition, offset);
  const lost = s.lostRecords.filter(
    (r) => r.topic === topic && r.partition === partition && r.offset === offset,
  );
  const p = findPartition(s, topic, partition);
  if (record === null || p === undefined)
    return (
      <>
        <h3>
          {topic}-{partition} offset {offset}
        </h3>
        <p>{whyNotInLog(s, topic, partition, offset)}</p>
        {lost.length > 0 && (
          <p className="lost">
            Lost: {lost.map((r) => `${r.producer} #${r.sequence}`).join(', ')} was acknowledged
            here.
          </p>
        )}
      </>
    );
  const committed = offset < p.highWatermark;
  return (
    <>
      <h3>
        Record {topic}-{partition} @ {offset}
      </h3>
      <Facts
        rows={[
          ['key', record.key === null ? <em>null (no key)</em> : <code>{record.key}</code>],
          [
            'value',
            record.value === null ? <em>null (tombstone)</em> : <code>{record.value}</code>,
          ],
          [
            'headers',
            record.headers.length === 0 ? (
              <em>none</em>
            ) : (
              record.headers.map(([n, v], i) => <code key={i}>{`${n}=${v} `}</code>)
            ),
          ],
          ['offset', offset],
          ['timestamp', `${formatVirtualTime(record.timestampMs)} (CreateTime)`],
          [
            'producer',
            <Link key="p" to={{ kind: 'producer', id: record.producer }}>
              {record.producer}
            </Link>,
          ],
          ['sequence', `#${record.sequence}`],
          ['leader epoch', record.leaderEpoch],
          ['size', `${record.sizeBytes} bytes`],
          [
            'readable',
            committed
              ? 'yes: below the high watermark'
              : `not yet: at or above HW ${p.highWatermark}`,
          ],
        ]}
      />
      <h4>Why partition {partition}?</h4>
      <WhyPartition
        record={record}
        partition={partition}
        numPartitions={partitionCountAt(
          changes,
          record.timestampMs,
          s.topics.find((t) => t.name === topic)?.partitions.length ?? 0,
        )}
      />
      {lost.length > 0 && (
        <p className="lost">
          An acknowledged record that was here was lost:{' '}
          {lost.map((r) => `${r.producer} #${r.sequence}`).join(', ')}.
        </p>
      )}
    </>
  );
}

function PartitionDetails({
  s,
  topic,
  partition,
}: {
  s: Snapshot;
  topic: string;
  partition: number;
}) {
  const p = findPartition(s, topic, partition);
  if (p === undefined)
    return (
      <p>
        No partition {topic}-{partition}.
      </p>
    );
  const lost = s.lostRecords.filter((r) => r.topic === topic && r.partition === partition);
  const readers = s.consumers.flatMap((c) =>
    c.positions
      .filter((x) => x.topic === topic && x.partition === partition)
      .map((x) => ({ id: c.id, position: x.position })),
  );
  const commits = s.groups.flatMap((g) =>
    g.offsets
      .filter((o) => o.topic === topic && o.partition === partition)
      .map((o) => ({ group: g.id, ...o })),
  );
  return (
    <>
      <h3>
        Partition {topic}-{partition}
      </h3>
      <Facts
        rows={[
          [
            'leader',
            p.leader === -1 ? (
              <strong className="lost">none: OFFLINE</strong>
            ) : (
              <Link to={{ kind: 'broker', id: p.leader }}>broker {p.leader}</Link>
            ),
          ],
          ['leader epoch', p.leaderEpoch],
          ['replicas', `${p.replicas.join(', ')} (preferred leader ${p.replicas[0]})`],
          ['ISR', p.isr.join(', ') || 'empty'],
          ['high watermark', p.highWatermark],
          ['log end offset', p.logEndOffset],
          ['log start offset', p.logStartOffset],
        ]}
      />
      <h4>Replicas</h4>
      <table className="mini">
        <thead>
          <tr>
            <th>broker</th>
            <th>LEO</th>
            <th>state</th>
          </tr>
        </thead>
        <tbody>
          {p.replicas.map((b) => (
            <tr key={b}>
              <td>
                <Link to={{ kind: 'broker', id: b }}>{b}</Link>
              </td>
              <td className="mono">{p.replicaLogEndOffsets[b]}</td>
              <td>
                {b === p.leader ? 'leader' : p.isr.includes(b) ? 'in sync' : 'out of sync'}
                {s.brokers.find((x) => x.id === b)?.alive === false ? ' · broker down' : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {(readers.length > 0 || commits.length > 0) && <h4>Readers</h4>}
      <ul className="plain">
        {readers.map((r) => (
          <li key={r.id}>
            <Link to={{ kind: 'consumer', id: r.id }}>{r.id}</Link> at position {r.position} (lag{' '}
            {Math.max(0, p.highWatermark - r.position)})
          </li>
        ))}
        {commits.map((c) => (
          <li key={c.group}>
            group <Link to={{ kind: 'group', id: c.group }}>{c.group}</Link> committed{' '}
            {c.committed ?? '—'} (lag {c.lag ?? '—'})
          </li>
        ))}
      </ul>
      {lost.length > 0 && <LostTable s={s} topic={topic} partition={partition} />}
    </>
  );
}

/** The lost marker's details: which acknowledged records are gone, and why that can happen. */
function LostDetails({ s, topic, partition }: { s: Snapshot; topic: string; partition: number }) {
  return (
    <>
      <h3>
        Lost records on{' '}
        <Link to={{ kind: 'partition', topic, partition }}>{`${topic}-${partition}`}</Link>
      </h3>
      <p>
        The producer was told these records were written (acknowledged), and they are no longer in
        the partition's log: the leader that acknowledged them failed before every replica had them,
        and the new leader's log won.
      </p>
      <LostTable s={s} topic={topic} partition={partition} />
    </>
  );
}

function LostTable({ s, topic, partition }: { s: Snapshot; topic: string; partition: number }) {
  const lost = s.lostRecords.filter((r) => r.topic === topic && r.partition === partition);
  if (lost.length === 0) return <p>No acknowledged record of this partition is lost.</p>;
  return (
    <>
      <h4 className="lost">
        ✕ {lost.length} acknowledged record{lost.length === 1 ? '' : 's'} lost
      </h4>
      <table className="mini lost-records" aria-label={`Lost records of ${topic}-${partition}`}>
        <thead>
          <tr>
            <th>producer</th>
            <th>sequence</th>
            <th>offset</th>
          </tr>
        </thead>
        <tbody>
          {lost.map((r) => (
            <tr key={`${r.producer}#${r.sequence}`}>
              <td>
                <Link to={{ kind: 'producer', id: r.producer }}>{r.producer}</Link>
              </td>
              <td className="mono">{r.sequence}</td>
              <td className="mono">{r.offset}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function BrokerDetails({ s, id }: { s: Snapshot; id: number }) {
  const act = useAppStore((st) => st.act);
  const b = s.brokers.find((x) => x.id === id);
  if (b === undefined) return <p>No broker {id}.</p>;
  const fenced = b.fenced;
  const hosted = s.topics.flatMap((t) => t.partitions.filter((p) => p.replicas.includes(id)));
  const leading = hosted.filter((p) => p.leader === id);
  const coordinates = s.groups.filter((g) => g.coordinator.broker === id);
  return (
    <>
      <h3>Broker {id}</h3>
      <Facts
        rows={[
          [
            'process',
            b.waitingForController
              ? 'started, waiting for an active controller to register with'
              : b.alive
                ? 'running'
                : 'down',
          ],
          ['controller view', fenced ? 'fenced (may not lead or be in an ISR)' : 'registered'],
          [
            'KRaft controller',
            s.controllerId === id
              ? 'runs here: the active controller'
              : s.controllers.some((c) => c.broker === id)
                ? 'runs here: a voter'
                : 'none here',
          ],
          ['replicas hosted', hosted.length],
          [
            'leads',
            leading.length === 0
              ? 'none'
              : leading
                  .filter((p) => !p.topic.startsWith('__'))
                  .map((p) => `${p.topic}-${p.partition}`)
                  .join(' ') || `${leading.length} internal`,
          ],
          [
            'coordinator of',
            coordinates.length === 0 ? 'no group' : coordinates.map((g) => g.id).join(', '),
          ],
        ]}
      />
      <div className="button-row">
        {b.alive ? (
          <>
            <button
              type="button"
              className="button danger"
              onClick={() => act({ type: 'killBroker', broker: id })}
            >
              Kill
            </button>
            <button
              type="button"
              className="button"
              onClick={() => act({ type: 'shutdownBroker', broker: id })}
            >
              Shut down
            </button>
          </>
        ) : (
          <button
            type="button"
            className="button"
            onClick={() => act({ type: 'restartBroker', broker: id })}
          >
            Restart
          </button>
        )}
      </div>
    </>
  );
}

function GroupDetails({ s, id }: { s: Snapshot; id: string }) {
  const g = s.groups.find((x) => x.id === id);
  if (g === undefined) return <p>No group {id} (yet).</p>;
  return (
    <>
      <h3>Group {id}</h3>
      <Facts
        rows={[
          ['state', g.state],
          ['generation', g.generation],
          ['assignor', g.protocol ?? '—'],
          [
            'rebalancing',
            g.rebalanceProtocol === null
              ? '—'
              : g.rebalanceProtocol === 'eager'
                ? 'eager: every member revokes everything'
                : 'cooperative: only moved partitions pause, two rounds',
          ],
          [
            'coordinator',
            g.coordinator.broker === -1 ? (
              `offline (__consumer_offsets-${g.coordinator.partition})`
            ) : (
              <Link to={{ kind: 'broker', id: g.coordinator.broker }}>
                broker {g.coordinator.broker} (__consumer_offsets-{g.coordinator.partition})
              </Link>
            ),
          ],
          ['group leader', g.leader ?? '—'],
        ]}
      />
      <h4>Members</h4>
      <ul className="plain">
        {g.members.map((m) => (
          <li key={m.id}>
            <Link to={{ kind: 'consumer', id: m.id }}>{m.id}</Link>:{' '}
            {m.assignment.length === 0 ? (
              <em>idle</em>
            ) : (
              m.assignment.map((tp) => `${tp.topic}-${tp.partition}`).join(' ')
            )}
          </li>
        ))}
      </ul>
      <h4>Committed offsets</h4>
      <table className="mini">
        <thead>
          <tr>
            <th>partition</th>
            <th>committed</th>
            <th>lag</th>
          </tr>
        </thead>
        <tbody>
          {g.offsets.map((o) => (
            <tr key={`${o.topic}-${o.partition}`}>
              <td>
                <Link to={{ kind: 'partition', topic: o.topic, partition: o.partition }}>
                  {o.topic}-{o.partition}
                </Link>
              </td>
              <td className="mono">{o.committed ?? '—'}</td>
              <td className="mono">{o.lag ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** The consumer's status in words: Kafka's pause() keeps it polling, a stall does not. */
function consumerStatus(c: Snapshot['consumers'][number]): string {
  if (!c.alive) return 'crashed or closed';
  const held = c.pausedPartitions.map((tp) => `${tp.topic}-${tp.partition}`);
  const paused = c.paused
    ? held.length === 0
      ? 'paused, but holds no partition (a rebalance forgot the pause)'
      : `paused ${held.join(', ')} (polls, no records)`
    : null;
  const stalled = c.stalled ? 'not polling' : null;
  return [stalled, paused].filter((x) => x !== null).join('; ') || c.phase;
}

/** "NOT_LEADER_OR_FOLLOWER ×2, NETWORK_EXCEPTION ×5", or "none". */
export function fetchErrorsText(errors: Readonly<Record<string, number>>): string {
  const entries = Object.entries(errors).sort(([a], [b]) => (a < b ? -1 : 1));
  return entries.length === 0 ? 'none' : entries.map(([code, n]) => `${code} ×${n}`).join(', ');
}

function ConsumerDetails({ s, id }: { s: Snapshot; id: string }) {
  const c = s.consumers.find((x) => x.id === id);
  if (c === undefined) return <p>No consumer {id}.</p>;
  return (
    <>
      <h3>Consumer {id}</h3>
      <Facts
        rows={[
          [
            'group',
            c.group === null ? (
              'none (reads every partition)'
            ) : (
              <Link to={{ kind: 'group', id: c.group }}>{c.group}</Link>
            ),
          ],
          ['status', consumerStatus(c)],
          ['static member', c.instanceId ?? 'no'],
          ['read', `${c.consumed} records`],
          ['fetch errors', fetchErrorsText(c.fetchErrors)],
          [
            'metadata',
            `${c.metadataRefreshes} refresh${c.metadataRefreshes === 1 ? '' : 'es'} (after errors, or metadata.max.age.ms)`,
          ],
          [
            'assignment',
            c.assignment.length === 0
              ? 'none (idle)'
              : c.assignment.map((tp) => `${tp.topic}-${tp.partition}`).join(' '),
          ],
        ]}
      />
      <ul className="plain">
        {c.positions.map((p) => (
          <li key={`${p.topic}-${p.partition}`}>
            <Link to={{ kind: 'partition', topic: p.topic, partition: p.partition }}>
              {p.topic}-{p.partition}
            </Link>{' '}
            position {p.position}
          </li>
        ))}
      </ul>
      <ConsumerButtons consumer={id} alive={c.alive} paused={c.paused} stalled={c.stalled} />
    </>
  );
}

function ProducerDetails({ s, id }: { s: Snapshot; id: string }) {
  const p = s.producers.find((x) => x.id === id);
  if (p === undefined) return <p>No producer {id}.</p>;
  return (
    <>
      <h3>Producer {id}</h3>
      <Facts
        rows={[
          ['topic', p.topic ?? '—'],
          ['partitioner', p.partitioner],
          ['acks', String(p.acks)],
          ['rate', p.rate === 0 ? 'idle' : `${p.rate} records/s`],
          ['sent / acked / failed', `${p.sent} / ${p.acked} / ${p.failed}`],
          ['open batches', p.openBatches],
          [
            'errors',
            Object.keys(p.errors).length === 0
              ? 'none'
              : Object.entries(p.errors)
                  .map(([e, n]) => `${e} ×${n}`)
                  .join(', '),
          ],
        ]}
      />
    </>
  );
}
