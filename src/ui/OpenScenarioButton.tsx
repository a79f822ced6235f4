import { useRef } from 'react';
import { useAppStoreApi } from '../store';
import { openScenarioFile, SCENARIO_FILE_ACCEPT } from './openFile';

/** "Open scenario…": load a YAML or JSON scenario from a file; a bad file leaves the current run alone. */
export function OpenScenarioButton() {
  const input = useRef<HTMLInputElement>(null);
  const store = useAppStoreApi();
  return (
    <>
      <button type="button" className="button small" onClick={() => input.current?.click()}>
        Open scenario…
      </button>
      <input
        ref={input}
        type="file"
        accept={SCENARIO_FILE_ACCEPT}
        aria-label="Scenario file"
        hidden
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = '';
          if (file !== undefined) void openScenarioFile(file, store.getState());
        }}
      />
    </>
  );
}
