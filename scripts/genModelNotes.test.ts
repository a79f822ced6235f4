import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelNotesSection, withModelNotes } from './genModelNotes';
import { MODEL_NOTES } from '../src/engine';

const README = readFileSync(path.resolve(import.meta.dirname, '../README.md'), 'utf8');

describe('the model notes', () => {
  it('README names every simplification the app shows (run `npx tsx scripts/genModelNotes.ts`)', () => {
    expect(withModelNotes(README)).toBe(README);
    const flat = README.replace(/\s+/g, ' ');
    for (const note of MODEL_NOTES)
      for (const s of note.simplifications) expect(flat).toContain(s.replace(/\s+/g, ' '));
  });

  it('has one entry per area, each simplification a sentence', () => {
    const areas = MODEL_NOTES.map((n) => n.area);
    expect(new Set(areas).size).toBe(areas.length);
    for (const n of MODEL_NOTES)
      for (const s of n.simplifications) expect(s).toMatch(/^[A-Z`].*\.$/);
    expect(modelNotesSection()).toContain('## What is modelled, and where it simplifies');
  });
});
