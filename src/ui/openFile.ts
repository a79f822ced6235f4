/**
 * Reading a scenario file the user gave us (chosen with "Open scenario…" or dropped on the
 * page) and handing its text to the store. A file is untrusted: its size is checked before
 * it is read, and its name and text only ever reach the page as text.
 */

/** Scenario files larger than this are refused before reading (the parser's own limit is 1 MB). */
export const MAX_SCENARIO_FILE_BYTES = 1_000_000;

/** What the file chooser offers. */
export const SCENARIO_FILE_ACCEPT = '.yaml,.yml,.json,application/json,text/yaml';

/** The file name endings kafkascope opens as scenarios. */
const SCENARIO_EXTENSIONS = ['.yaml', '.yml', '.json'] as const;

/** The part of a `File` this module uses (tests pass plain objects). */
export interface ScenarioFile {
  readonly name: string;
  readonly size: number;
  text(): Promise<string>;
}

/** The store actions a file is handed to. */
export interface FileOpener {
  openScenarioText(text: string, fileName: string): Promise<void>;
  reportFileProblem(fileName: string, message: string): void;
}

export function isScenarioFileName(name: string): boolean {
  const lower = name.toLowerCase();
  return SCENARIO_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** Why a file of this size is refused, or null when it may be read. */
export function fileSizeProblem(sizeBytes: number): string | null {
  if (sizeBytes <= MAX_SCENARIO_FILE_BYTES) return null;
  return `the file is ${sizeBytes.toLocaleString('en-US')} bytes; scenario files may be at most ${MAX_SCENARIO_FILE_BYTES.toLocaleString('en-US')}`;
}

/**
 * Reads a file and opens it as the scenario. A file that is too large or cannot be read is
 * reported (the current run carries on), as is one whose text has problems (the store's part).
 */
export async function openScenarioFile(file: ScenarioFile, opener: FileOpener): Promise<void> {
  const tooLarge = fileSizeProblem(file.size);
  if (tooLarge !== null) {
    opener.reportFileProblem(file.name, tooLarge);
    return;
  }
  let text: string;
  try {
    text = await file.text();
  } catch (error) {
    opener.reportFileProblem(file.name, error instanceof Error ? error.message : String(error));
    return;
  }
  await opener.openScenarioText(text, file.name);
}

/** The parts of a drop's `DataTransfer` this module reads (tests pass plain objects). */
export interface DroppedData {
  readonly files: ArrayLike<ScenarioFile>;
  readonly items?: ArrayLike<{
    kind: string;
    webkitGetAsEntry?(): { isDirectory: boolean } | null;
  }>;
}

/** What a drop holds: one file to open, or why nothing can be opened. */
export type DropVerdict =
  | { kind: 'file'; file: ScenarioFile }
  /** A problem with the one file dropped, reported under its name. */
  | { kind: 'fileProblem'; fileName: string; message: string }
  /** A problem with the drop as a whole (several files, no file at all). */
  | { kind: 'problem'; message: string };

const WHAT_TO_DROP = 'a scenario file (.yaml, .yml or .json)';

/** Decides what to do with a drop, before anything is read. */
export function judgeDrop(data: DroppedData): DropVerdict {
  const count = data.files.length;
  if (count === 0) {
    return {
      kind: 'problem',
      message: `Nothing was opened: what was dropped is not a file. Drop ${WHAT_TO_DROP} from your computer.`,
    };
  }
  if (count > 1) {
    return {
      kind: 'problem',
      message: `Nothing was opened: ${count} files were dropped. Drop one scenario file at a time.`,
    };
  }
  const file = data.files[0];
  const entry = data.items?.[0]?.webkitGetAsEntry?.();
  if (entry?.isDirectory === true) {
    return {
      kind: 'fileProblem',
      fileName: file.name,
      message: `it is a folder; drop ${WHAT_TO_DROP} instead`,
    };
  }
  if (!isScenarioFileName(file.name)) {
    return {
      kind: 'fileProblem',
      fileName: file.name,
      message: `kafkascope opens ${WHAT_TO_DROP}; this file's name does not end in one of those`,
    };
  }
  // Its size is checked by `openScenarioFile`, as for a chosen file.
  return { kind: 'file', file };
}

/**
 * Whether a drag from outside the page is one the page takes: files (their names are hidden
 * until the drop), and links except over a text field (the browser would otherwise follow
 * them, leaving the run). Text is left alone: it may be meant for a text field.
 */
export function takesDrag(types: readonly string[], overTextField: boolean): boolean {
  return types.includes('Files') || (types.includes('text/uri-list') && !overTextField);
}
