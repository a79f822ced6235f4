/**
 * Writes the README's "What is modelled, and where it simplifies" section from MODEL_NOTES
 * (src/engine/modelNotes.ts), the list the app shows: `npx tsx scripts/genModelNotes.ts`.
 * src/engine/modelNotes.test.ts fails while the two differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MODEL_NOTES, type ModelNote } from '../src/engine';

export const HEADING = '## What is modelled, and where it simplifies';

/** Wraps at 96 columns, continuation lines indented two spaces (a Markdown list item). */
function wrap(text: string, first: string): string {
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(/\s+/)) {
    const candidate = line.endsWith(' ') || line === '' ? line + word : `${line} ${word}`;
    if (candidate.length > 96 && line.trim() !== '' && line !== first) {
      lines.push(line);
      line = `  ${word}`;
    } else line = candidate;
  }
  lines.push(line);
  return lines.join('\n');
}

function noteMarkdown(note: ModelNote): string {
  const simplified =
    note.simplifications.length === 0
      ? ' Nothing simplified.'
      : ` Simplifications: ${note.simplifications.join(' ')}`;
  return wrap(`${note.modelled}${simplified}`, `- **${note.area}**: `);
}

export function modelNotesSection(): string {
  return [
    HEADING,
    '',
    'The app shows the same list (Inspect, with nothing selected).',
    '',
    ...MODEL_NOTES.map(noteMarkdown),
    '',
  ].join('\n');
}

/** The README with its section replaced (up to the next `## ` heading). */
export function withModelNotes(readme: string): string {
  const start = readme.indexOf(HEADING);
  if (start < 0) throw new Error(`README has no "${HEADING}" section`);
  const next = readme.indexOf('\n## ', start + HEADING.length);
  return `${readme.slice(0, start)}${modelNotesSection()}${next < 0 ? '' : readme.slice(next)}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = path.resolve(import.meta.dirname, '..', 'README.md');
  writeFileSync(file, withModelNotes(readFileSync(file, 'utf8')));
  console.log(`wrote the model notes into ${path.relative(process.cwd(), file)}`);
}
