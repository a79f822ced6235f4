import { useRef } from 'react';
import { useAppStore } from '../store';

/** Scenario files larger than this are refused before reading (the parser's own limit is 1 MB). */
const MAX_FILE_BYTES = 1_000_000;

/** "Open scenario…": load a YAML or JSON scenario from a file; a bad file leaves the current run alone. */
export function OpenScenarioButton() {
  const input = useRef<HTMLInputElement>(null);
  const open = useAppStore((s) => s.openScenarioText);
  const report = useAppStore((s) => s.reportFileProblem);
  return (
    <>
      <button type="button" className="button small" onClick={() => input.current?.click()}>
        Open scenario…
      </button>
      <input
        ref={input}
        type="file"
        accept=".yaml,.yml,.json,application/json,text/yaml"
        aria-label="Scenario file"
        hidden
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = '';
          if (file === undefined) return;
          if (file.size > MAX_FILE_BYTES) {
            report(
              file.name,
              `the file is ${file.size.toLocaleString('en-US')} bytes; scenario files may be at most ${MAX_FILE_BYTES.toLocaleString('en-US')}`,
            );
            return;
          }
          void file.text().then(
            (text) => open(text, file.name),
            (error: unknown) =>
              report(file.name, error instanceof Error ? error.message : String(error)),
          );
        }}
      />
    </>
  );
}
