import { useEffect, useEffectEvent, useRef } from 'react';
import { createCodeEditor, type CodeEditor } from '../editor/codeEditor';
import { namesInStatements } from '../editor/statementNames';
import type { DraftProblem } from './queryInfo';

/**
 * The query's statements in CodeMirror with ksqlDB's colours and completion (the scenario's
 * topics, the statements' streams, tables and columns, ksqlDB's words), and the statement
 * front end's problem under its words and in the gutter. Its own chunk: loaded when an edit
 * begins (QueryPanel shows the statements read-only until then).
 */
export default function KsqlDraftEditor(props: {
  text: string;
  topics: readonly string[];
  problem: DraftProblem | null;
  problemId: string;
  onChange: (text: string) => void;
  onApply: () => void;
}) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<CodeEditor | null>(null);
  // The editor's callbacks (made once, with it) read the latest props through effect events.
  const onChange = useEffectEvent((text: string) => props.onChange(text));
  const onApply = useEffectEvent(() => props.onApply());
  const topics = useEffectEvent(() => props.topics);
  const initial = useEffectEvent(() => ({ text: props.text, describedBy: props.problemId }));

  useEffect(() => {
    if (host.current === null) return;
    const { text, describedBy } = initial();
    const created = createCodeEditor({
      parent: host.current,
      text,
      language: {
        kind: 'ksql',
        names: () => {
          const found = namesInStatements(created.view.state.doc.toString());
          return { ...found, topics: [...new Set([...topics(), ...found.topics])].sort() };
        },
      },
      label: 'Query statements',
      describedBy,
      onChange: (typed) => onChange(typed),
      onApply: () => onApply(),
    });
    editor.current = created;
    return () => {
      created.destroy();
      editor.current = null;
    };
  }, []);

  // A knob's rewrite (or a fix) replaces the text; typing already matches.
  useEffect(() => editor.current?.setText(props.text), [props.text]);
  const { problem } = props;
  useEffect(() => {
    const problems =
      problem === null
        ? []
        : [
            {
              path: '',
              message: problem.message,
              line: problem.line ?? 1,
              column: problem.column ?? undefined,
            },
          ];
    editor.current?.setProblems(problems);
  }, [problem, props.text]);

  return <div className="pp-editor" ref={host} />;
}
